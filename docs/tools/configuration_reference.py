#!/usr/bin/env python3
"""Regenerates docs/configuration.md from the metadata the configuration processor writes.

Run after `./mvnw -q compile -pl entra-auth-autoconfigure`; ConfigurationReferenceTests fails the build
when a key is missing from the page.
"""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
METADATA = ROOT / "entra-auth-autoconfigure/target/classes/META-INF/spring-configuration-metadata.json"
SECTIONS = [
    ("entra.credential.", "Identity (`entra.credential.*`)", "credentials.md"),
    ("entra.token.", "Token refresh (`entra.token.*`)", "getting-started.md#token-refresh"),
    ("entra.kafka.", "Kafka (`entra.kafka.*`)", "kafka.md"),
    ("entra.redis.", "Redis (`entra.redis.*`)", "redis.md"),
    ("entra.livy.", "Livy (`entra.livy.*`)", "livy.md"),
    ("entra.security.", "Web sign-in (`entra.security.*`)", "web-sign-in.md"),
]


def cell(text):
    return " ".join(str(text).split()).replace("|", "\\|")


def main():
    properties = [p for p in json.loads(METADATA.read_text())["properties"] if p["name"].startswith("entra.")]
    lines = [
        "# Configuration reference",
        "",
        "Every `entra.*` key, generated from the IDE metadata the build produces "
        "(`docs/tools/configuration_reference.py`); a test fails the build when a key is missing here.",
        "Per-integration `credential.*` keys fall back, key by key, to `entra.credential.*`.",
        "",
    ]
    for prefix, title, page in SECTIONS:
        lines += [f"## {title}", "", f"More in [{page.split('#')[0]}]({page}).", "",
                  "| key | type | default | description |", "|---|---|---|---|"]
        for p in sorted((p for p in properties if p["name"].startswith(prefix)), key=lambda p: p["name"]):
            default = p.get("defaultValue")
            default = "" if default is None else f"`{json.dumps(default) if not isinstance(default, str) else default}`"
            kind = re.sub(r"[\w$]+[.$]", "", p.get("type", "")).replace("<", "&lt;").replace(">", "&gt;")
            lines.append(f"| `{p['name']}` | {cell(kind)} | {default} | {cell(p.get('description', ''))} |")
        lines.append("")
    (ROOT / "docs/configuration.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
