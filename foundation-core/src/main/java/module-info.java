/**
 * Foundation's shared core: the {@link dev.foundation.core.Codec} SPI and its built-in codecs.
 */
@SuppressWarnings("module") // the qualified export names modules built after this one
module dev.foundation.core {
    // Optional: only the JSON codecs need Jackson. The modules that offer them (events, cache) require it, which
    // resolves it on the module path; a module that needs only Backoff (lifecycle) loads no Jackson.
    requires static com.fasterxml.jackson.databind;
    requires static com.fasterxml.jackson.datatype.jsr310;
    requires static com.fasterxml.jackson.datatype.jdk8;

    exports dev.foundation.core;
    // the lock file the event log and the workflow store share; not API
    exports dev.foundation.core.internal to dev.foundation.events, dev.foundation.workflow;
}
