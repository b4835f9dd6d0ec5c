package org.deepminer.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A Gogo command session driven from outside the framework. The launcher shares no classes with the
 * bundles, so it calls the {@code CommandProcessor} and {@code CommandSession} services by reflection;
 * this keeps the launcher free of any Gogo version.
 */
final class GogoSession implements AutoCloseable {
    /** {@code Converter.INSPECT}: the level at which Gogo formats a result for printing. */
    private static final int INSPECT = 0;

    private final Object session;
    private final Method execute;
    private final Method format;
    private final Method close;

    GogoSession(Object processor, InputStream in, OutputStream out, OutputStream err) throws ReflectiveOperationException {
        Method create = find(processor.getClass(), "createSession", 3);
        create.setAccessible(true);
        session = create.invoke(processor, in, out, err);
        execute = find(session.getClass(), "execute", 1);
        format = find(session.getClass(), "format", 2);
        close = find(session.getClass(), "close", 0);
        // as in the interactive shell: deepminer commands are found without their scope
        find(session.getClass(), "put", 2).invoke(session, "SCOPE", "deepminer:*");
        for (Method m : new Method[] {execute, format, close}) {
            m.setAccessible(true);
        }
    }

    /** Runs a statement. @throws Exception what the command threw, unwrapped */
    Object execute(String statement) throws Exception {
        try {
            return execute.invoke(session, statement);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** The result as the shell would print it, through the registered converters. */
    String format(Object result) throws ReflectiveOperationException {
        Object s = format.invoke(session, result, INSPECT);
        return s == null ? String.valueOf(result) : s.toString();
    }

    @Override
    public void close() {
        try {
            close.invoke(session);
        } catch (ReflectiveOperationException e) {
            // closing a session that failed is harmless
        }
    }

    private static Method find(Class<?> type, String name, int params) throws NoSuchMethodException {
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == params
                    && (params != 1 || m.getParameterTypes()[0] == CharSequence.class)
                    && (params != 2 || m.getParameterTypes()[1] == int.class || name.equals("put"))
                    && (params != 3 || m.getParameterTypes()[0] == InputStream.class)) {
                return m;
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + " with " + params + " parameters");
    }
}
