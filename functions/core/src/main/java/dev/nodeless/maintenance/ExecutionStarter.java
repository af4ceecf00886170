package dev.nodeless.maintenance;

/** Port: starts a maintain-buffer execution (adapter: Step Functions StartExecution). */
public interface ExecutionStarter {
    /**
     * Starts an execution with a unique {@code name}; a name already used is success (the schedule fired twice).
     *
     * @return true when a new execution was started
     */
    boolean start(String name, String inputJson);
}
