package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.redis.testing.RedisFixture;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract for {@code caches.TongRDSType} in sentinel mode: a real {@code redis-server --sentinel} with a
 * password of its own watches the master {@code WebSession} (the default master_name, so the configuration leaves
 * it out); the element asks the sentinel front for the master and must end up on the service node's front.
 */
class TongRdsSentinelContractIT extends TongRdsPluginContractTest {

    @RegisterExtension
    static final RedisFixture<TongRdsDeployments.Sentinel> deployment =
            RedisFixture.of(() -> new TongRdsDeployments.Sentinel(
                    TongRdsDeployments.newPassword(), TongRdsDeployments.newPassword()));

    @Override
    protected Map<String, Object> config() {
        return deployment.get().config();
    }

    @Override
    protected void afterEachContract() {
        assertTrue(deployment.get().sentinelFront.commandsSeen().containsKey("SENTINEL GET-MASTER-ADDR-BY-NAME"),
                "the master was looked up through the sentinel: " + deployment.get().sentinelFront.commandsSeen());
        assertTrue(deployment.get().front.connectionsAccepted() > 0, "the element reached the service node's front");
        assertEquals(List.of(), deployment.get().front.rejected(), "commands TongRDS does not have");
        assertEquals(List.of(), deployment.get().sentinelFront.rejected(), "HELLO sent to the sentinel");
        // A TongRDS sentinel documents no CLIENT command: the element asks it for the master, nothing more.
        assertEquals(Set.of("AUTH", "SENTINEL GET-MASTER-ADDR-BY-NAME"),
                deployment.get().sentinelFront.commandsSeen().keySet(), "what the element sent to the sentinel");
    }
}
