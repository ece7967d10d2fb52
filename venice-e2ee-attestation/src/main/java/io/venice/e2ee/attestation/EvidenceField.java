package io.venice.e2ee.attestation;

import io.venice.e2ee.attestation.error.AttestationException.MalformedEvidence;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One optional field of the attestation evidence as parsed, in one of three states: {@link Absent} (not served),
 * {@link Malformed} (served in a form that cannot be read, with the error naming the field) or {@link Present} (with
 * its value). A check reads a field with {@link #read()}, so a malformed field fails the check with its own error
 * while the checks that do not read it run as usual.
 *
 * @param <T> the value's type
 */
public sealed interface EvidenceField<T> permits EvidenceField.Absent, EvidenceField.Malformed, EvidenceField.Present {

    /** The field's name in the evidence, e.g. {@code intel_quote} or {@code info.tcb_info.app_compose}. */
    String name();

    /** The value when present; empty when absent or malformed (never throws). */
    Optional<T> toOptional();

    /**
     * The value when present, empty when absent.
     *
     * @throws MalformedEvidence the field's own error when it was served in a form that cannot be read
     */
    Optional<T> read();

    /** The error when malformed, naming the exact field and what is wrong with it. */
    Optional<MalformedEvidence> malformation();

    /** This field with its value mapped by {@code f} (absent and malformed fields stay as they are). */
    <R> EvidenceField<R> map(Function<? super T, ? extends R> f);

    /** Whether a value is present. */
    default boolean isPresent() {
        return this instanceof Present;
    }

    /** Whether the field was served in a form that cannot be read. */
    default boolean isMalformed() {
        return this instanceof Malformed;
    }

    /** The field {@code name}, not served. */
    static <T> EvidenceField<T> absent(String name) {
        return new Absent<>(name);
    }

    /** The field named by {@code error}, served in a form that cannot be read. */
    static <T> EvidenceField<T> malformed(MalformedEvidence error) {
        return new Malformed<>(error.field(), error);
    }

    /** The field {@code name} with {@code value}. */
    static <T> EvidenceField<T> present(String name, T value) {
        return new Present<>(name, value);
    }

    /** A field that was not served. */
    record Absent<T>(String name) implements EvidenceField<T> {
        /** Validates the name. */
        public Absent {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Optional<T> toOptional() {
            return Optional.empty();
        }

        @Override
        public Optional<T> read() {
            return Optional.empty();
        }

        @Override
        public Optional<MalformedEvidence> malformation() {
            return Optional.empty();
        }

        @Override
        public <R> EvidenceField<R> map(Function<? super T, ? extends R> f) {
            return new Absent<>(name);
        }
    }

    /** A field served in a form that cannot be read; {@code error} names the exact field and says what is wrong. */
    record Malformed<T>(String name, MalformedEvidence error) implements EvidenceField<T> {
        /** Validates the parts. */
        public Malformed {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Optional<T> toOptional() {
            return Optional.empty();
        }

        @Override
        public Optional<T> read() {
            throw error;
        }

        @Override
        public Optional<MalformedEvidence> malformation() {
            return Optional.of(error);
        }

        @Override
        public <R> EvidenceField<R> map(Function<? super T, ? extends R> f) {
            return new Malformed<>(name, error);
        }
    }

    /** A field served and read. */
    record Present<T>(String name, T value) implements EvidenceField<T> {
        /** Validates the parts. */
        public Present {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<T> toOptional() {
            return Optional.of(value);
        }

        @Override
        public Optional<T> read() {
            return Optional.of(value);
        }

        @Override
        public Optional<MalformedEvidence> malformation() {
            return Optional.empty();
        }

        @Override
        public <R> EvidenceField<R> map(Function<? super T, ? extends R> f) {
            return new Present<>(name, f.apply(value));
        }
    }
}
