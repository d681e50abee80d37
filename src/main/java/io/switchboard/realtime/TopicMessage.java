package io.switchboard.realtime;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A message published to a topic by a client ({@code new-message}, {@code publish_to_topic}), as
 * opposed to an entity change. {@code senderId} is the sender's user reference id (null for a guest).
 */
public record TopicMessage(String topic, String senderId, JsonNode message, Instant at) {
}
