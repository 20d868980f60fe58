package dev.ebpfexporter.it;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs a {@link GuestKernelIT} test once more, on a guest booted anew, when its first run lost the
 * guest to a fault of QEMU's emulation ({@link GuestVm#diedOfEmulatorFault}) rather than to
 * anything the test checks; every other failure, and a second fault, fails the test. Without this
 * one such fault failed every test left in the class.
 */
final class EmulatorFaultRetry implements InvocationInterceptor {
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
            ExtensionContext context) throws Throwable {
        try {
            invocation.proceed();
        } catch (Throwable first) {
            GuestKernelIT test = (GuestKernelIT) context.getRequiredTestInstance();
            if (!test.guestDiedOfEmulatorFault()) {
                throw first;
            }
            System.out.printf("%s: the guest died of a fault of QEMU's emulation (its console is kept as %s);"
                    + " running the test again on a guest booted anew%n", context.getDisplayName(),
                    test.bootGuestAnew());
            try {
                method.getExecutable().invoke(test, method.getArguments().toArray());
            } catch (InvocationTargetException second) {
                second.getCause().addSuppressed(first);
                throw second.getCause();
            }
        }
    }
}
