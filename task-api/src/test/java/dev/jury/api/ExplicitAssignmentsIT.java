package dev.jury.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Explicit assignment lists and contributor groups decide who gets which item. */
class ExplicitAssignmentsIT {

    static ApiHarness harness;
    static String requester;

    @BeforeAll
    static void start() throws Exception {
        harness = ApiHarness.withoutKafka();
        requester = harness.account("rita", "requester");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static ApiHarness.Response assign(String project, String token, String format, String body) {
        return harness.send(
                "POST",
                "/api/v1/projects/" + project + "/assignments?format=" + format,
                token,
                body,
                "Content-Type",
                "application/octet-stream");
    }

    /** Labels the leased item "pos". */
    static ApiHarness.Response submit(String project, String token, String leaseId) {
        return harness.post(
                "/api/v1/projects/" + project + "/labels",
                token,
                "{\"leaseId\":\"" + leaseId + "\",\"label\":{\"choice\":\"pos\"}}");
    }

    /** A JSONL upload of one plain item per id. */
    static String plainItems(String... ids) {
        StringBuilder items = new StringBuilder();
        for (String id : ids) {
            items.append("{\"id\":\"").append(id).append("\",\"text\":\"x\"}\n");
        }
        return items.toString();
    }

    /** CSV assignment pairs listing the items for the contributor. */
    static String listFor(String contributorId, String... ids) {
        StringBuilder pairs = new StringBuilder();
        for (String id : ids) {
            pairs.append(contributorId).append(',').append(id).append('\n');
        }
        return pairs.toString();
    }

    /** Every item `next` hands the contributor until it answers 204, labelling each. */
    static List<String> drain(String project, String token) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var next = harness.post("/api/v1/projects/" + project + "/next", token, null);
            if (next.status() == 204) {
                return got;
            }
            assertThat(next.status()).as(next.text()).isEqualTo(200);
            got.add(next.json().get("externalId").asText());
            var submit = submit(project, token, next.json().get("leaseId").asText());
            assertThat(submit.status()).as(submit.text()).isEqualTo(201);
        }
        throw new AssertionError("next never ran dry");
    }

    @Test
    @DisplayName("an explicit project hands each contributor exactly their listed items")
    void explicitList() {
        String project =
                harness.project(
                        requester,
                        "\"assignmentMode\":\"explicit\",\"overlap\":{\"minLabels\":3,\"maxLabels\":3,\"confidence\":0.9}");
        StringBuilder items = new StringBuilder();
        for (String id : List.of("a", "b", "c", "d", "e", "f")) {
            items.append("{\"id\":\"")
                    .append(id)
                    .append("\",\"text\":\"item ")
                    .append(id)
                    .append("\"}\n");
        }
        assertThat(harness.upload(project, requester, "jsonl", items.toString()).status())
                .isEqualTo(201);
        String alice = harness.account("alice", "contributor");
        String bob = harness.account("bob", "contributor");
        String carol = harness.account("carol", "contributor");
        String aliceId = harness.accountId(alice);
        String bobId = harness.accountId(bob);

        var csv =
                assign(
                        project,
                        requester,
                        "csv",
                        "contributorId,itemId\n"
                                + aliceId
                                + ",a\n"
                                + aliceId
                                + ",b\n"
                                + bobId
                                + ",\"c\"\n"
                                + aliceId
                                + ",a\n");
        assertThat(csv.status()).as(csv.text()).isEqualTo(201);
        assertThat(csv.json().get("pairsRead").asLong()).isEqualTo(4);
        assertThat(csv.json().get("pairsInserted").asLong()).isEqualTo(3);
        var jsonl =
                assign(
                        project,
                        requester,
                        "jsonl",
                        "{\"contributorId\":"
                                + bobId
                                + ",\"itemId\":\"d\"}\n{\"contributorId\":\""
                                + bobId
                                + "\",\"itemId\":\"b\"}\n");
        assertThat(jsonl.status()).as(jsonl.text()).isEqualTo(201);

        assertThat(drain(project, alice)).containsExactlyInAnyOrder("a", "b");
        assertThat(drain(project, bob)).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(drain(project, carol)).isEmpty();
    }

    @Test
    @DisplayName(
            "a labelled or skipped pair leaves the contributor's pending list; a released one stays and comes back")
    void pendingPairs() throws Exception {
        String project =
                harness.project(
                        requester,
                        "\"assignmentMode\":\"explicit\",\"overlap\":{\"minLabels\":2,\"maxLabels\":2,\"confidence\":0.9}");
        assertThat(
                        harness.upload(project, requester, "jsonl", plainItems("p1", "p2", "p3"))
                                .status())
                .isEqualTo(201);
        String gina = harness.account("gina", "contributor");
        String ginaId = harness.accountId(gina);
        assertThat(assign(project, requester, "csv", listFor(ginaId, "p1", "p2", "p3")).status())
                .isEqualTo(201);
        assertThat(pending(ginaId)).containsExactlyInAnyOrder("p1", "p2", "p3");

        // Items with equal label counts come in id order: p1, p2, p3.
        var first = harness.post("/api/v1/projects/" + project + "/next", gina, null);
        assertThat(first.json().get("externalId").asText()).isEqualTo("p1");
        var labelled = submit(project, gina, first.json().get("leaseId").asText());
        assertThat(labelled.status()).as(labelled.text()).isEqualTo(201);
        assertThat(pending(ginaId)).containsExactlyInAnyOrder("p2", "p3");

        var second = harness.post("/api/v1/projects/" + project + "/next", gina, null);
        assertThat(second.json().get("externalId").asText()).isEqualTo("p2");
        String skipped = second.json().get("leaseId").asText();
        assertThat(harness.post("/api/v1/leases/" + skipped + "/skip", gina, null).status())
                .isEqualTo(204);
        assertThat(pending(ginaId)).containsExactly("p3");

        var third = harness.post("/api/v1/projects/" + project + "/next", gina, null);
        assertThat(third.json().get("externalId").asText()).isEqualTo("p3");
        String released = third.json().get("leaseId").asText();
        assertThat(harness.post("/api/v1/leases/" + released + "/release", gina, null).status())
                .isEqualTo(204);
        assertThat(pending(ginaId)).containsExactly("p3");

        // What is left to her is exactly the released item, then nothing.
        assertThat(drain(project, gina)).containsExactly("p3");
        assertThat(pending(ginaId)).isEmpty();
    }

    @Test
    @DisplayName(
            "under an explicit list gold items come at the project's share: last at 0, first at 1")
    void goldShareUnderAList() {
        for (double share : new double[] {0, 1}) {
            String project =
                    harness.project(
                            requester,
                            "\"assignmentMode\":\"explicit\",\"goldShare\":"
                                    + share
                                    + ",\"overlap\":{\"minLabels\":1,\"maxLabels\":1,\"confidence\":0.9}");
            assertThat(
                            harness.upload(
                                            project,
                                            requester,
                                            "jsonl",
                                            "{\"id\":\"g\",\"text\":\"x\",\"gold\":\"pos\"}\n"
                                                    + "{\"id\":\"n1\",\"text\":\"y\"}\n"
                                                    + "{\"id\":\"n2\",\"text\":\"z\"}\n")
                                    .status())
                    .isEqualTo(201);
            String hana = harness.account("hana" + (int) share, "contributor");
            String hanaId = harness.accountId(hana);
            assertThat(assign(project, requester, "csv", listFor(hanaId, "g", "n1", "n2")).status())
                    .isEqualTo(201);
            List<String> order = drain(project, hana);
            if (share == 0) {
                assertThat(order).containsExactly("n1", "n2", "g");
            } else {
                assertThat(order).containsExactly("g", "n1", "n2");
            }
        }
    }

    @Test
    @DisplayName(
            "a list's queue follows its items: most labels first, a final item left out, a reopened one back")
    void queueFollowsItems() throws Exception {
        String project =
                harness.project(
                        requester,
                        "\"assignmentMode\":\"explicit\",\"overlap\":{\"minLabels\":3,\"maxLabels\":3,\"confidence\":0.9}");
        assertThat(
                        harness.upload(
                                        project,
                                        requester,
                                        "jsonl",
                                        plainItems("q1", "q2", "q3", "q4"))
                                .status())
                .isEqualTo(201);
        String ivan = harness.account("ivan", "contributor");
        String jane = harness.account("jane", "contributor");
        String ivanId = harness.accountId(ivan);
        String janeId = harness.accountId(jane);
        String pairs = listFor(ivanId, "q1", "q2", "q3", "q4") + listFor(janeId, "q3");
        assertThat(assign(project, requester, "csv", pairs).status()).isEqualTo(201);

        // Jane labels q3: it now has the most labels, so it comes first for Ivan.
        assertThat(drain(project, jane)).containsExactly("q3");
        // q2 is closed by the consensus job's result, as the read model writes it; q4 is
        // resolved and then reopened (a late label after its result).
        setStatus(project, "q2", "resolved");
        setStatus(project, "q4", "exhausted");
        setStatus(project, "q4", "open");
        assertThat(pairs(ivanId, "a.pending AND a.item_open"))
                .containsExactlyInAnyOrder("q1", "q3", "q4");
        assertThat(drain(project, ivan)).containsExactly("q3", "q1", "q4");
    }

    /** Sets an item's status directly, as the read model does when it applies a result. */
    static void setStatus(String project, String externalId, String status) throws Exception {
        try (java.sql.Connection c = harness.database.connect();
                var s =
                        c.prepareStatement(
                                "UPDATE items SET status = ? WHERE project_id = ? AND external_id = ?")) {
            s.setString(1, status);
            s.setLong(2, Long.parseLong(project));
            s.setString(3, externalId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    /** The external ids of the contributor's pending pairs. */
    static List<String> pending(String contributorId) throws Exception {
        return pairs(contributorId, "a.pending");
    }

    /** The external ids of the contributor's pairs that meet an SQL condition on {@code a}. */
    static List<String> pairs(String contributorId, String condition) throws Exception {
        List<String> ids = new ArrayList<>();
        try (java.sql.Connection c = harness.database.connect();
                var s =
                        c.prepareStatement(
                                "SELECT i.external_id FROM item_assignments a"
                                        + " JOIN items i ON i.id = a.item_id"
                                        + " WHERE a.contributor_id = ? AND "
                                        + condition)) {
            s.setLong(1, Long.parseLong(contributorId));
            try (var rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    @Test
    @DisplayName(
            "an unknown item or contributor fails the whole list with a 422 naming the row, storing nothing")
    void badRows() {
        String project = harness.project(requester, "\"assignmentMode\":\"explicit\"");
        assertThat(
                        harness.upload(
                                        project,
                                        requester,
                                        "jsonl",
                                        "{\"id\":\"x\",\"text\":\"x\"}\n")
                                .status())
                .isEqualTo(201);
        String dave = harness.accountId(harness.account("dave", "contributor"));
        String other = harness.accountId(harness.account("otto", "requester"));
        String stranger = harness.account("sam", "requester");
        String contributor = harness.account("cora", "contributor");
        Map<String, String> before = DbState.of(harness);

        var unknownItem = assign(project, requester, "csv", dave + ",x\n" + dave + ",nope\n");
        assertThat(unknownItem.status()).as(unknownItem.text()).isEqualTo(422);
        assertThat(unknownItem.contentType()).isEqualTo("application/problem+json");
        assertThat(unknownItem.json().get("errors").get(0).asText())
                .contains("row 2")
                .contains("'nope'");

        var notContributor =
                assign(
                        project,
                        requester,
                        "jsonl",
                        "{\"contributorId\":"
                                + dave
                                + ",\"itemId\":\"x\"}\n{\"contributorId\":"
                                + other
                                + ",\"itemId\":\"x\"}\n");
        assertThat(notContributor.status()).isEqualTo(422);
        assertThat(notContributor.json().get("errors").get(0).asText())
                .contains("row 2")
                .contains("not a contributor");

        var unknownAccount = assign(project, requester, "csv", "999999,x\n");
        assertThat(unknownAccount.status()).isEqualTo(422);
        assertThat(assign(project, requester, "csv", "abc,x\n").status()).isEqualTo(422);
        assertThat(
                        assign(
                                        project,
                                        requester,
                                        "jsonl",
                                        "{\"contributorId\":1,\"itemId\":\"x\",\"extra\":true}\n")
                                .status())
                .isEqualTo(422);
        assertThat(assign(project, requester, "xml", "<a/>").status()).isEqualTo(415);
        assertThat(assign(project, requester, "csv", "").status()).isEqualTo(400);
        assertThat(assign(project, stranger, "csv", dave + ",x\n").status()).isEqualTo(403);
        assertThat(assign(project, contributor, "csv", dave + ",x\n").status()).isEqualTo(403);
        assertThat(DbState.of(harness)).isEqualTo(before);
    }

    @Test
    @DisplayName(
            "group-restricted items go only to members; admins and requesters set contributors' groups")
    void groups() {
        String project =
                harness.project(
                        requester,
                        "\"overlap\":{\"minLabels\":3,\"maxLabels\":3,\"confidence\":0.9}");
        assertThat(
                        harness.upload(
                                        project,
                                        requester,
                                        "jsonl",
                                        "{\"id\":\"g1\",\"text\":\"x\",\"group\":\"experts\"}\n"
                                                + "{\"id\":\"g2\",\"text\":\"y\",\"group\":\"medics\"}\n"
                                                + "{\"id\":\"p\",\"text\":\"z\"}\n")
                                .status())
                .isEqualTo(201);
        String erin = harness.account("erin", "contributor");
        String fred = harness.account("fred", "contributor");
        String erinId = harness.accountId(erin);

        var set =
                harness.send(
                        "PUT",
                        "/api/v1/accounts/" + erinId + "/groups",
                        requester,
                        "{\"groups\":[\"experts\"]}");
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.json().get("groups").get(0).asText()).isEqualTo("experts");
        assertThat(drain(project, erin)).containsExactlyInAnyOrder("g1", "p");
        assertThat(drain(project, fred)).containsExactly("p");

        var byAdmin =
                harness.send(
                        "PUT",
                        "/api/v1/accounts/" + harness.accountId(fred) + "/groups",
                        ApiHarness.ADMIN_TOKEN,
                        "{\"groups\":[\"medics\",\"experts\"]}");
        assertThat(byAdmin.status()).as(byAdmin.text()).isEqualTo(200);
        assertThat(drain(project, fred)).containsExactlyInAnyOrder("g1", "g2");

        Map<String, String> before = DbState.of(harness);
        assertThat(
                        harness.send(
                                        "PUT",
                                        "/api/v1/accounts/" + erinId + "/groups",
                                        fred,
                                        "{\"groups\":[]}")
                                .status())
                .isEqualTo(403);
        assertThat(
                        harness.send(
                                        "PUT",
                                        "/api/v1/accounts/" + erinId + "/groups",
                                        requester,
                                        "{\"groups\":[\"a\",\"a\"]}")
                                .status())
                .isEqualTo(422);
        assertThat(
                        harness.send(
                                        "PUT",
                                        "/api/v1/accounts/" + erinId + "/groups",
                                        requester,
                                        "{\"groups\":[\"\"]}")
                                .status())
                .isEqualTo(422);
        assertThat(
                        harness.send(
                                        "PUT",
                                        "/api/v1/accounts/" + erinId + "/groups",
                                        requester,
                                        "{}")
                                .status())
                .isEqualTo(422);
        assertThat(
                        harness.send(
                                        "PUT",
                                        "/api/v1/accounts/"
                                                + harness.accountId(requester)
                                                + "/groups",
                                        requester,
                                        "{\"groups\":[\"x\"]}")
                                .status())
                .isEqualTo(422);
        assertThat(
                        harness.send(
                                        "PUT",
                                        "/api/v1/accounts/999999/groups",
                                        requester,
                                        "{\"groups\":[\"x\"]}")
                                .status())
                .isEqualTo(404);
        assertThat(DbState.of(harness)).isEqualTo(before);
    }
}
