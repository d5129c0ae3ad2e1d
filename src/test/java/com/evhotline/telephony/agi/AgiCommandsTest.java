package com.evhotline.telephony.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.asteriskjava.fastagi.command.GetVariableCommand;
import org.asteriskjava.fastagi.command.SetVariableCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The script's own GET/SET VARIABLE put exactly what Asterisk-Java's commands put on the wire. */
class AgiCommandsTest {

    @ParameterizedTest
    @ValueSource(strings = {"HOTLINE_TICKET", "20450501-0001", "+8613800000000", "a\"quoted\" value", "back\\slash\\",
        "line\nbreak", "\\\"", "售后热线 工单", "", "  spaces  ", "$1 and \\$2"})
    void sameTextAsTheLibrary(String value) {
        assertEquals(new SetVariableCommand("HOTLINE_X", value).buildCommand(), AgiCommands.setText("HOTLINE_X", value));
        assertEquals(new SetVariableCommand(value, "v").buildCommand(), AgiCommands.setText(value, "v"));
        assertEquals(new GetVariableCommand(value).buildCommand(), AgiCommands.getText(value));
    }

    @org.junit.jupiter.api.Test
    void nullIsAnEmptyArgument() {
        assertEquals(new SetVariableCommand("HOTLINE_X", null).buildCommand(), AgiCommands.setText("HOTLINE_X", null));
    }

    @org.junit.jupiter.api.Test
    void severalVariablesGoAsOneMSetInTheirOrder() {
        java.util.Map<String, String> vars = new java.util.LinkedHashMap<>();
        vars.put("HOTLINE_QUEUE", "hotline");
        vars.put("HOTLINE_FORWARD_COUNT", "2");
        vars.put("HOTLINE_FORWARD_1", "+8613700000001");
        vars.put("HOTLINE_FORWARD_2", "+8613700000002");
        vars.put("HOTLINE_TICKET", "HL-20450501-P1X2Y3");
        vars.put("HOTLINE_ROUTE", "QUEUE");
        assertEquals("EXEC \"MSet\" \"HOTLINE_QUEUE=hotline,HOTLINE_FORWARD_COUNT=2,HOTLINE_FORWARD_1=+8613700000001,"
                + "HOTLINE_FORWARD_2=+8613700000002,HOTLINE_TICKET=HL-20450501-P1X2Y3,HOTLINE_ROUTE=QUEUE\"",
                AgiCommands.msetText(vars));
    }

    /** What MSet would read as its own syntax, or lose: those answers go one SET VARIABLE at a time. */
    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "a,b", "k=v", "\"q\"", "back\\slash", "(open", "[x]", "售后", "$1"})
    void aValueMSetWouldReadOtherwiseIsNotPutInIt(String value) {
        assertEquals(null, AgiCommands.msetText(java.util.Map.of("HOTLINE_QUEUE", value)));
    }
}
