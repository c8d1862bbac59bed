/**
 * What two or more Foundation modules share.
 *
 * <p>The central type is {@link dev.foundation.core.Codec}: a value to bytes and back, used wherever a
 * Foundation module stores or ships a value (event logs, cache tiers L2 and L3, workflow checkpoints).
 * {@link dev.foundation.core.Codecs} is the one entry point to the built-in codecs:
 * {@link dev.foundation.core.Codecs#bytes() raw bytes}, {@link dev.foundation.core.Codecs#utf8() UTF-8 text}
 * and {@link dev.foundation.core.Codecs#json(Class) JSON via Jackson}. A codec never uses Java serialization;
 * bytes it cannot decode give a {@link dev.foundation.core.CodecException} naming the codec and the cause.
 */
package dev.foundation.core;
