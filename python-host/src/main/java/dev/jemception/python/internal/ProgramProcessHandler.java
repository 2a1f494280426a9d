package dev.jemception.python.internal;

import dev.jemception.runtime.ProcessContext;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.graalvm.polyglot.io.ProcessHandler;

/** Python's subprocesses ({@code subprocess}, {@code os.system}) become jemception programs of the same session. */
final class ProgramProcessHandler implements ProcessHandler {
    private final ProcessContext parent;
    private final List<Process> children = new CopyOnWriteArrayList<>();

    ProgramProcessHandler(ProcessContext parent) {
        this.parent = parent;
    }

    @Override
    public Process start(ProcessCommand command) throws IOException {
        Process child = new ProgramProcess(parent, command);
        children.add(child);
        return child;
    }

    /** Waits for children a script left running: a Python context cannot close while they are alive. */
    void awaitChildren() throws InterruptedException {
        for (Process child : children) {
            child.waitFor();
        }
    }
}
