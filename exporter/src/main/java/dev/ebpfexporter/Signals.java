package dev.ebpfexporter;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Handlers for the signals a daemon answers (TERM, INT), in place of the JVM's default, which
 * exits 143/130 and runs the same shutdown hooks as any other exit, so that a hook cannot tell a
 * requested stop from a crash. Uses {@code sun.misc.Signal} (module jdk.unsupported, present in
 * every JDK since 1.4) by reflection: javac warns about its direct use with no way to suppress it.
 */
final class Signals {
    private Signals() {}

    /**
     * Runs {@code handler} on a JVM signal-dispatch thread when {@code name} (e.g. "TERM") arrives.
     *
     * @throws IllegalStateException when this JVM offers no signal handling
     */
    static void handle(String name, Runnable handler) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerInterface = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler invocation = (proxy, method, args) -> dispatch(method, proxy, args, handler);
            Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerInterface},
                    invocation);
            signalClass.getMethod("handle", signalClass, handlerInterface).invoke(null, signal, proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot handle SIG" + name + " in this JVM: " + e, e);
        }
    }

    /** The proxy's one real method is SignalHandler.handle; Object's methods answer as for any object. */
    private static Object dispatch(Method method, Object proxy, Object[] args, Runnable handler) {
        return switch (method.getName()) {
            case "handle" -> {
                handler.run();
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "signal handler " + handler;
            default -> throw new UnsupportedOperationException(method.toString());
        };
    }
}
