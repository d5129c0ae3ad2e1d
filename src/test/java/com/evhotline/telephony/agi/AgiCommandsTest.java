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
}
