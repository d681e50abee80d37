package io.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** On embedded H2 the cluster bus stays off and /statistics says why. */
class H2SingleNodeTest {
    @Test
    void h2NodeReportsSingleNodeInStatistics() throws Exception {
        try (TestServer ts = TestServer.h2()) {
            Api api = ts.api();
            Api.User admin = api.newUser("Admin");
            assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
            JsonNode cl = ClusterBusTest.findCluster(api.get("/statistics", admin.token()).json());
            assertNotNull(cl, "a cluster section in /statistics");
            assertFalse(cl.path("enabled").asBoolean(true));
            assertEquals("H2 embedded database: single node", cl.path("reason").asText());
        }
    }
}
