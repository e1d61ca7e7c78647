package io.github.entraauth.redis;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.protocol.CommandHandler;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;

/**
 * Tracks Lettuce's open channels so that the one behind a connection whose re-AUTH failed can be
 * closed: Lettuce then reconnects, authenticating with the newest token.
 */
final class LettuceChannels implements NettyCustomizer {

	private final Set<Channel> open = ConcurrentHashMap.newKeySet();

	@Override
	public void afterChannelInitialized(Channel channel) {
		this.open.add(channel);
		channel.closeFuture().addListener((future) -> this.open.remove(channel));
	}

	/**
	 * Closes the channel of a Lettuce endpoint.
	 * @param endpointId the endpoint id Lettuce reports in its events
	 * @return whether a channel was closed
	 */
	boolean close(String endpointId) {
		for (Channel channel : this.open) {
			CommandHandler handler = channel.pipeline().get(CommandHandler.class);
			if (handler != null && endpointId.equals(handler.getEndpoint().getId())) {
				channel.close();
				return true;
			}
		}
		return false;
	}


}
