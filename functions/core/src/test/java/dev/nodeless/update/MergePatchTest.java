package dev.nodeless.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7396 appendix A, every example (target, patch, result), plus that neither argument is modified. */
class MergePatchTest {

    private static final ObjectMapper M = new ObjectMapper();

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":\"b\"}                 | {\"a\":\"c\"}                 | {\"a\":\"c\"}",
            "{\"a\":\"b\"}                 | {\"b\":\"c\"}                 | {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}                 | {\"a\":null}                  | {}",
            "{\"a\":\"b\",\"b\":\"c\"}     | {\"a\":null}                  | {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}               | {\"a\":\"c\"}                 | {\"a\":\"c\"}",
            "{\"a\":\"c\"}                 | {\"a\":[\"b\"]}               | {\"a\":[\"b\"]}",
            "{\"a\":{\"b\":\"c\"}}         | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
            "{\"a\":[{\"b\":\"c\"}]}       | {\"a\":[1]}                   | {\"a\":[1]}",
            "[\"a\",\"b\"]                 | [\"c\",\"d\"]                 | [\"c\",\"d\"]",
            "{\"a\":\"b\"}                 | [\"c\"]                       | [\"c\"]",
            "{\"a\":\"foo\"}               | null                          | null",
            "{\"a\":\"foo\"}               | \"bar\"                       | \"bar\"",
            "{\"e\":null}                  | {\"a\":1}                     | {\"e\":null,\"a\":1}",
            "[1,2]                         | {\"a\":\"b\",\"c\":null}      | {\"a\":\"b\"}",
            "{}                            | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}",
    })
    void rfc7396AppendixA(String target, String patch, String expected) throws Exception {
        JsonNode t = M.readTree(target);
        JsonNode p = M.readTree(patch);
        String targetBefore = t.toString();
        String patchBefore = p.toString();

        assertThat(MergePatch.apply(t, p)).isEqualTo(M.readTree(expected));
        assertThat(t.toString()).as("target untouched").isEqualTo(targetBefore);
        assertThat(p.toString()).as("patch untouched").isEqualTo(patchBefore);
    }
}
