package org.deepminer.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;

/** Runs deepminer commands through Gogo as the shell does, and returns what the shell would print. */
final class Shell {
    private Shell() {}

    static String run(CommandProcessor processor, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute(command);
            CharSequence text = result == null ? "" : session.format(result, Converter.INSPECT);
            return out + String.valueOf(text);
        }
    }
}
