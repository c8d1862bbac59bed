package dev.foundation.config.internal;

import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hibernate.validator.HibernateValidator;

/** The shared default Hibernate Validator (building one is expensive; it is thread-safe). */
public final class Validators {

    private Validators() {
    }

    /**
     * Hibernate Validator announces its version at INFO on every start (HV000001), through java.util.logging when
     * JBoss Logging finds no other backend. Unless the application set a level for that logger, it is raised to
     * WARNING before the factory is built. Held here because java.util.logging keeps loggers weakly.
     */
    static final Logger VERSION_LOGGER = quietVersionLogger();

    private static Logger quietVersionLogger() {
        Logger logger = Logger.getLogger("org.hibernate.validator.internal.util.Version");
        if (logger.getLevel() == null) {
            logger.setLevel(Level.WARNING);
        }
        return logger;
    }

    private static final class Holder {
        static final ValidatorFactory FACTORY = jakarta.validation.Validation.byProvider(HibernateValidator.class)
                .configure()
                .defaultLocale(Locale.ENGLISH)
                .buildValidatorFactory();
    }

    /**
     * The default validator: Hibernate Validator, English messages.
     *
     * @return the validator
     */
    public static Validator defaultValidator() {
        return Holder.FACTORY.getValidator();
    }
}
