package com.evhotline.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.inject.Singleton;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;

/**
 * How the API reads request bodies (the REST layer asks this resolver for its mapper; the service's
 * own JSON, such as the intake journal, keeps the application's mapper and reads back what it
 * wrote). A body means one thing only: a key given twice, anything after the JSON value, a number or a
 * boolean where text is expected (or text where a number or a boolean is) and a float cut to an
 * integer are refused with 400, where Jackson by default takes the last key, ignores the rest, or
 * converts the value silently; and text with a control character (NUL, which PostgreSQL cannot
 * store, escape, ...) is refused naming the field.
 */
@Provider
@Singleton
public class StrictJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper mapper;

    public StrictJson(ObjectMapper application) {
        this.mapper = strict(application.copy());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }

    @SuppressWarnings("deprecation") // ALLOW_COERCION_OF_SCALARS: still how Jackson 2 refuses "12" for a number
    static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.setDefaultLeniency(false); // java.time: no epoch numbers or arrays, no 25:00
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        for (LogicalType time : new LogicalType[] {LogicalType.DateTime}) { // no epoch numbers or arrays for dates
            mapper.coercionConfigFor(time).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Array, CoercionAction.Fail);
        }
        mapper.registerModule(new SimpleModule("hotline-text").addDeserializer(String.class, new PlainText()));
        return mapper;
    }

    /** Text without control characters other than tab and line ends (see {@link Text#controlCharacterAt}). */
    static final class PlainText extends StdScalarDeserializer<String> {

        PlainText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            int at = s == null ? -1 : Text.controlCharacterAt(s);
            if (at >= 0) {
                throw InvalidFormatException.from(p, Text.describeCharacterAt(s, at), s, String.class);
            }
            return s;
        }
    }
}
