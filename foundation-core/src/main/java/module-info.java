/**
 * Foundation's shared core: the {@link dev.foundation.core.Codec} SPI and its built-in codecs.
 */
module dev.foundation.core {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;

    exports dev.foundation.core;
}
