package dev.foundation.core;

/**
 * Turns a value into bytes and bytes back into a value.
 *
 * <p>Foundation stores and ships values only through codecs (never Java serialization). A codec is
 * thread-safe and stateless from the caller's point of view. The contract every implementation keeps:
 * <ul>
 *   <li>{@code decode(encode(v))} equals {@code v} for every value the codec accepts;</li>
 *   <li>{@link #decode(byte[])} of bytes the codec did not produce (corrupt, truncated, foreign) throws
 *       {@link CodecException}, never another exception and never a silently wrong value where the format
 *       can tell;</li>
 *   <li>{@link #encode(Object)} of a value the codec cannot represent throws {@link CodecException}.</li>
 * </ul>
 *
 * @param <T> the type of value this codec handles
 * @see Codecs
 */
public interface Codec<T> {

    /**
     * Encodes a value.
     *
     * @param value the value, not {@code null}
     * @return a new array holding the encoded form; the caller owns it
     * @throws CodecException if the value cannot be encoded
     * @throws NullPointerException if {@code value} is {@code null}
     */
    byte[] encode(T value);

    /**
     * Decodes bytes this codec (or a compatible earlier version of it) produced.
     *
     * @param bytes the encoded form, not {@code null}; not modified and not retained
     * @return the decoded value, never {@code null}
     * @throws CodecException if the bytes are not a valid encoding
     * @throws NullPointerException if {@code bytes} is {@code null}
     */
    T decode(byte[] bytes);

    /**
     * A short name for messages and metrics, such as {@code "json(Order)"} or {@code "utf8"}.
     *
     * @return the codec's name
     */
    String name();
}
