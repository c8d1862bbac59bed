package dev.foundation.config.internal;

import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Locale;
import org.hibernate.validator.HibernateValidator;

/** The shared default Hibernate Validator (building one is expensive; it is thread-safe). */
public final class Validators {

    private Validators() {
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
