package dev.nodeless.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Named;

import java.util.Map;

/** Returns its input: the least a Quarkus Lambda can do, to measure the framework's own cold start. */
@Named("echo")
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return input;
    }
}
