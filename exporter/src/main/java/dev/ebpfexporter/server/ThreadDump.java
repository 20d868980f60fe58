package dev.ebpfexporter.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;

/**
 * GET /debug/threads (with --debug only): every thread's state, full stack and locks as plain
 * text, what Go's {@code /debug/pprof/goroutine?debug=2} gives, for a daemon that hangs where no
 * jstack can reach it (a container without a JDK). {@link ThreadInfo#toString()} is not used: it
 * cuts each stack at 8 frames.
 */
final class ThreadDump implements Handler {
    static final String PATH = "/debug/threads";

    @Override
    public void handle(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8").result(render());
    }

    static String render() {
        StringBuilder text = new StringBuilder(64 * 1024);
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            text.append('"').append(thread.getThreadName()).append("\" #").append(thread.getThreadId())
                    .append(thread.isDaemon() ? " daemon" : "").append(' ').append(thread.getThreadState());
            if (thread.getLockName() != null) {
                text.append(" on ").append(thread.getLockName());
                if (thread.getLockOwnerName() != null) {
                    text.append(" held by \"").append(thread.getLockOwnerName()).append('"');
                }
            }
            text.append('\n');
            StackTraceElement[] stack = thread.getStackTrace();
            for (int depth = 0; depth < stack.length; depth++) {
                text.append("\tat ").append(stack[depth]).append('\n');
                for (MonitorInfo monitor : thread.getLockedMonitors()) {
                    if (monitor.getLockedStackDepth() == depth) {
                        text.append("\t- locked ").append(monitor).append('\n');
                    }
                }
            }
            for (LockInfo synchronizer : thread.getLockedSynchronizers()) {
                text.append("\t- holds ").append(synchronizer).append('\n');
            }
            text.append('\n');
        }
        return text.toString();
    }
}
