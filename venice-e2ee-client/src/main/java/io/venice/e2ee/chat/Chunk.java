package io.venice.e2ee.chat;

/**
 * One chunk of an answer as framed from the response body.
 *
 * @param index         0-based position of the chunk in its stream (named in errors)
 * @param json          the chunk's JSON as UTF-8 bytes, owned by the chunk
 * @param wholeBodyType the Content-Type when the chunk is a whole answer that was not an event stream, else null
 */
record Chunk(long index, byte[] json, String wholeBodyType) {
}
