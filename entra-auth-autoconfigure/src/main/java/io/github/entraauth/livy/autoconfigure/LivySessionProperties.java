package io.github.entraauth.livy.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Session defaults (entra.livy.session.*).
 */
public class LivySessionProperties {

	/**
	 * The prefix of session names; a timestamp and a random suffix make each name unique.
	 */
	private String namePrefix = "livy-";

	/**
	 * The default session and statement kind: spark, pyspark, sparkr or sql.
	 */
	private String kind = "pyspark";

	/**
	 * Spark configuration for every session, for example spark.fabric.environmentDetails.
	 */
	private Map<String, String> sparkConf = new LinkedHashMap<>();

	/**
	 * Python files for every session.
	 */
	private List<String> pyFiles = new ArrayList<>();

	/**
	 * Jars for every session.
	 */
	private List<String> jars = new ArrayList<>();

	/**
	 * Files for every session.
	 */
	private List<String> files = new ArrayList<>();

	/**
	 * Archives for every session.
	 */
	private List<String> archives = new ArrayList<>();

	/**
	 * Driver memory, for example 4g.
	 */
	private @Nullable String driverMemory;

	/**
	 * Driver cores.
	 */
	private @Nullable Integer driverCores;

	/**
	 * Executor memory, for example 4g.
	 */
	private @Nullable String executorMemory;

	/**
	 * Executor cores.
	 */
	private @Nullable Integer executorCores;

	/**
	 * Number of executors.
	 */
	private @Nullable Integer numExecutors;

	/**
	 * The YARN queue of every session (Apache Livy).
	 */
	private @Nullable String queue;

	/**
	 * Tags for every Fabric session.
	 */
	private Map<String, String> tags = new LinkedHashMap<>();

	/**
	 * Apache Livy ttl, sent only to 0.8 and later (an idle timeout in 0.8, an absolute lifetime in 0.9+).
	 */
	private @Nullable Duration ttl;

	/**
	 * Apache Livy idleTimeout, sent only to 0.9 and later (and as ttl to 0.8).
	 */
	private @Nullable Duration serverIdleTimeout;

	/**
	 * Apache Livy heartbeatTimeoutInSecond: the server deletes a session no call reached for this long.
	 */
	private @Nullable Duration heartbeatTimeout;

	/**
	 * Sessions this application has not used for this long are closed by the reaper; zero disables the reaper.
	 */
	private Duration idleTimeout = Duration.ofMinutes(20);

	/**
	 * How often sessions in use get a keep-alive call so the server does not idle them out; zero disables keep-alive.
	 */
	private Duration keepAliveInterval = Duration.ofMinutes(5);

	/**
	 * Where session use is recorded: LOCAL (this instance only) or REDIS (shared by the application's instances
	 * through Spring Data Redis, so any instance keeps a session alive, exactly one reaps it when idle, and an
	 * instance that shuts down leaves open the sessions other instances use).
	 */
	private ActivityStore activityStore = ActivityStore.LOCAL;

	public String getNamePrefix() {
		return this.namePrefix;
	}

	public void setNamePrefix(String namePrefix) {
		this.namePrefix = namePrefix;
	}

	public String getKind() {
		return this.kind;
	}

	public void setKind(String kind) {
		this.kind = kind;
	}

	public Map<String, String> getSparkConf() {
		return this.sparkConf;
	}

	public void setSparkConf(Map<String, String> sparkConf) {
		this.sparkConf = sparkConf;
	}

	public List<String> getPyFiles() {
		return this.pyFiles;
	}

	public void setPyFiles(List<String> pyFiles) {
		this.pyFiles = pyFiles;
	}

	public List<String> getJars() {
		return this.jars;
	}

	public void setJars(List<String> jars) {
		this.jars = jars;
	}

	public List<String> getFiles() {
		return this.files;
	}

	public void setFiles(List<String> files) {
		this.files = files;
	}

	public List<String> getArchives() {
		return this.archives;
	}

	public void setArchives(List<String> archives) {
		this.archives = archives;
	}

	public @Nullable String getDriverMemory() {
		return this.driverMemory;
	}

	public void setDriverMemory(@Nullable String driverMemory) {
		this.driverMemory = driverMemory;
	}

	public @Nullable Integer getDriverCores() {
		return this.driverCores;
	}

	public void setDriverCores(@Nullable Integer driverCores) {
		this.driverCores = driverCores;
	}

	public @Nullable String getExecutorMemory() {
		return this.executorMemory;
	}

	public void setExecutorMemory(@Nullable String executorMemory) {
		this.executorMemory = executorMemory;
	}

	public @Nullable Integer getExecutorCores() {
		return this.executorCores;
	}

	public void setExecutorCores(@Nullable Integer executorCores) {
		this.executorCores = executorCores;
	}

	public @Nullable Integer getNumExecutors() {
		return this.numExecutors;
	}

	public void setNumExecutors(@Nullable Integer numExecutors) {
		this.numExecutors = numExecutors;
	}

	public @Nullable String getQueue() {
		return this.queue;
	}

	public void setQueue(@Nullable String queue) {
		this.queue = queue;
	}

	public Map<String, String> getTags() {
		return this.tags;
	}

	public void setTags(Map<String, String> tags) {
		this.tags = tags;
	}

	public @Nullable Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(@Nullable Duration ttl) {
		this.ttl = ttl;
	}

	public @Nullable Duration getServerIdleTimeout() {
		return this.serverIdleTimeout;
	}

	public void setServerIdleTimeout(@Nullable Duration serverIdleTimeout) {
		this.serverIdleTimeout = serverIdleTimeout;
	}

	public @Nullable Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	public void setHeartbeatTimeout(@Nullable Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getKeepAliveInterval() {
		return this.keepAliveInterval;
	}

	public void setKeepAliveInterval(Duration keepAliveInterval) {
		this.keepAliveInterval = keepAliveInterval;
	}


	public ActivityStore getActivityStore() {
		return this.activityStore;
	}

	public void setActivityStore(ActivityStore activityStore) {
		this.activityStore = activityStore;
	}

	/** Where session use is recorded. */
	public enum ActivityStore {

		/** This instance only. */
		LOCAL,

		/** Redis, shared by every instance. */
		REDIS

	}

}
