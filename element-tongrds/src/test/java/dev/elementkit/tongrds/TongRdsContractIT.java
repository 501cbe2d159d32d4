package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.redis.testing.RedisFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract for {@code caches.TongRDSType} in standalone mode, through a TongRDS-behaving front (Redis with
 * a password behind it), with both plugins loaded from their JARs. After every test the front must have seen no
 * command TongRDS lacks: no {@code HELLO}, nothing outside the vendor list.
 */
class TongRdsContractIT extends TongRdsPluginContractTest {

    @RegisterExtension
    static final RedisFixture<TongRdsDeployments.Standalone> deployment =
            RedisFixture.of(() -> new TongRdsDeployments.Standalone(TongRdsDeployments.newPassword()));

    @Override
    protected Map<String, Object> config() {
        return deployment.get().config();
    }

    @Override
    protected void afterEachContract() {
        assertEquals(List.of(), deployment.get().front.rejected(), "commands TongRDS does not have");
        assertTrue(deployment.get().front.commandsSeen().containsKey("AUTH"), "the password was sent with AUTH");
    }
}
