package dev.nodeless.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SpecDiffTest {

    private static final ObjectMapper M = new ObjectMapper();

    @Test
    void nestedMembers_areReportedOneFieldEach_withBeforeAndAfter_inTheFirstDocumentsOrder() throws Exception {
        var changes = SpecDiff.between(
                M.readTree("{\"name\":\"a\",\"buffer\":{\"max\":20,\"pod\":{\"cpu\":\"1\",\"memory\":\"1Gi\"}},\"admins\":[\"x\"]}"),
                M.readTree("{\"name\":\"a\",\"buffer\":{\"max\":40,\"pod\":{\"cpu\":\"2\",\"memory\":\"1Gi\"}},\"admins\":[\"x\",\"y\"]}"));

        assertThat(changes).extracting(SpecDiff.Change::path, c -> c.before().toString(), c -> c.after().toString()).containsExactly(
                tuple("$.buffer.max", "20", "40"),
                tuple("$.buffer.pod.cpu", "\"1\"", "\"2\""),
                tuple("$.admins", "[\"x\"]", "[\"x\",\"y\"]"));
    }

    @Test
    void addedAndRemovedMembers_haveJsonNullOnTheMissingSide_andAWholeObjectIsSplitIntoItsFields() throws Exception {
        var changes = SpecDiff.between(M.readTree("{\"tags\":{\"team\":\"a\"},\"gone\":1}"),
                M.readTree("{\"tags\":{\"team\":\"a\",\"kubernetes.io/x\":\"y\"},\"addons\":{\"inflate\":{\"enabled\":true}}}"));

        assertThat(changes).extracting(SpecDiff.Change::path, c -> c.before().toString(), c -> c.after().toString()).containsExactly(
                tuple("$.tags['kubernetes.io/x']", "null", "\"y\""),
                tuple("$.gone", "1", "null"),
                tuple("$.addons.inflate.enabled", "null", "true"));
    }

    @Test
    void equalDocuments_haveNoChange_andListsCompareInOrder() throws Exception {
        assertThat(SpecDiff.between(M.readTree("{\"a\":{\"b\":[1,2]}}"), M.readTree("{\"a\":{\"b\":[1,2]}}"))).isEmpty();
        assertThat(SpecDiff.between(M.readTree("{\"a\":[1,2]}"), M.readTree("{\"a\":[2,1]}"))).extracting(SpecDiff.Change::path)
                .containsExactly("$.a");
    }
}
