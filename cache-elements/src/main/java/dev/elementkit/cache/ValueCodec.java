package dev.elementkit.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;

/**
 * How values become stored text and back. Text is stored as is, numbers as plain decimal text (so {@code INCRBY}
 * in redis-cli works on them), anything else as JSON.
 */
final class ValueCodec {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private ValueCodec() {
    }

    static String encode(String argument, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(argument + " must not be null; delete the key to remove it");
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Number number) {
            return encodeNumber(argument, number);
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(argument + " of type " + value.getClass().getName()
                    + " cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String encodeNumber(String argument, Number number) {
        if (number == null) {
            throw new IllegalArgumentException(argument + " must not be null");
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(argument + " must be a finite number, not " + d);
            }
        }
        BigDecimal decimal = number instanceof BigDecimal big ? big : new BigDecimal(number.toString());
        return decimal.stripTrailingZeros().scale() <= 0
                ? decimal.toBigIntegerExact().toString()
                : decimal.stripTrailingZeros().toPlainString();
    }

    /** A stored number: Long when whole and in range, Double otherwise; null when the text is not a number. */
    static Number decodeNumber(String text) {
        BigDecimal decimal;
        try {
            decimal = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (decimal.stripTrailingZeros().scale() <= 0) {
            try {
                return decimal.longValueExact();
            } catch (ArithmeticException tooBig) {
                return decimal.doubleValue();
            }
        }
        return decimal.doubleValue();
    }

    static <T> T decode(String text, Class<T> type) throws JsonProcessingException {
        if (type == String.class || type == Object.class && !looksLikeJson(text)) {
            return type.cast(text);
        }
        if (Number.class.isAssignableFrom(type) && type != BigDecimal.class) {
            Number number = decodeNumber(text);
            if (number != null) {
                return JSON.convertValue(number, type);
            }
        }
        return JSON.readValue(text, type);
    }

    private static boolean looksLikeJson(String text) {
        String t = text.trim();
        return t.startsWith("{") || t.startsWith("[");
    }
}
