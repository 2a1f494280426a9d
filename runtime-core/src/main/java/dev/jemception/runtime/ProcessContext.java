package dev.jemception.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.util.List;
import java.util.Map;

/**
 * What a running {@link Program} sees: its arguments ({@code argv.get(0)} is the command name as
 * it was invoked), environment, working directory, standard streams, the session's file system,
 * and the {@link Cancellation} of the command it belongs to (children share their parent's).
 */
public record ProcessContext(
        List<String> argv,
        Map<String, String> env,
        String cwd,
        InputStream stdin,
        OutputStream stdout,
        OutputStream stderr,
        Session session,
        Cancellation cancellation) {

    public ProcessContext {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** The arguments after the command name. */
    public List<String> args() {
        return argv.subList(1, argv.size());
    }

    /** The session's file system: the one every program of the session shares. */
    public FileSystem fs() {
        return session.fileSystem();
    }

    /** The same process with other arguments and streams (a program running its own module twice). */
    public ProcessContext with(List<String> newArgv, InputStream in, OutputStream out, OutputStream err) {
        return new ProcessContext(newArgv, env, cwd, in, out, err, session, cancellation);
    }

    /** Runs another program in the same session, as a child process with these streams. */
    public int run(List<String> childArgv, Map<String, String> childEnv, String childCwd,
            InputStream in, OutputStream out, OutputStream err) {
        return session.run(new ProcessContext(childArgv, childEnv, childCwd, in, out, err, session, cancellation));
    }

    /** Runs {@code hook} if the command is cancelled while the result is open (see {@link Cancellation#onCancel}). */
    public Cancellation.Registration onCancel(Runnable hook) {
        return cancellation.onCancel(hook);
    }
}
