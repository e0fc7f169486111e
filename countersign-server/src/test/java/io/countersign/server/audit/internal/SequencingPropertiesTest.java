package io.countersign.server.audit.internal;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.countersign.ledger.Hash;
import io.countersign.ledger.chain.ChainHmac;
import io.countersign.ledger.event.Actor;
import io.countersign.ledger.event.Submitter;
import io.countersign.ledger.tree.CompactRange;
import io.countersign.ledger.tree.MerkleTree;
import io.countersign.ledger.tree.NodeId;
import io.countersign.ledger.tree.Rfc6962;
import io.countersign.server.audit.EventDraft;
import io.countersign.server.audit.TreeHead;
import io.countersign.server.audit.internal.LedgerWrites.Tail;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sequencing step against the definitions it implements, for random tips and batches:
 * indexes follow the tip, each chain value is the HMAC of the one before and the leaf
 * hash, each stored node is the RFC 6962 MTH of its leaves, the head is the MTH of all of
 * them, and time never runs backwards. Plain JUnit with seeded cases: a failure names its
 * seed, and {@code -Dcountersign.case=<seed>} runs that case alone.
 */
class SequencingPropertiesTest {

	private static final byte[] KEY = "a chain key for the property tests".getBytes();

	private static final Submitter CLIENT = new Submitter("alice", "token:0190f5d6-3c2a-7b1e-9f00-000000000001");

	private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

	@Test
	void everyEntryIsWhatTheDefinitionsGiveForItsIndex() {
		check(150, (random) -> {
			List<PreparedEvent> earlier = events(random, random.nextInt(0, 300));
			List<PreparedEvent> batch = events(random, random.nextInt(0, 300));
			Sequencing sequencing = new Sequencing(ChainHmac.withKey(KEY));
			Sequencing.Result before = sequencing.sequence(LedgerTip.empty(), earlier);

			Sequencing.Result result = sequencing.sequence(before.tip(), batch);

			List<Hash> leaves = new ArrayList<>();
			byte[] chain = ChainHmac.GENESIS.bytes();
			for (Sequencing.Entry entry : before.entries()) {
				leaves.add(entry.event().leafHash());
				chain = hmac(chain, entry.event().leafHash());
			}
			assertThat(result.entries()).hasSize(batch.size());
			for (int i = 0; i < batch.size(); i++) {
				Sequencing.Entry entry = result.entries().get(i);
				long index = earlier.size() + i;
				assertThat(entry.index()).isEqualTo(index);
				assertThat(entry.event().leafHash()).isEqualTo(Rfc6962.leafHash(entry.event().leaf()));
				leaves.add(entry.event().leafHash());
				chain = hmac(chain, entry.event().leafHash());
				assertThat(entry.chain()).as("chain of %d", index).isEqualTo(chain);
				List<NodeId> completed = MerkleTree.completedBy(index);
				assertThat(entry.subtreeHashes()).hasSize(completed.size() * Hash.SIZE);
				for (int level = 1; level <= completed.size(); level++) {
					NodeId id = completed.get(level - 1);
					Hash stored = Hash
						.of(Arrays.copyOfRange(entry.subtreeHashes(), (level - 1) * Hash.SIZE, level * Hash.SIZE));
					assertThat(stored).as("node %s", id)
						.isEqualTo(mth(leaves, (int) id.firstLeaf(), (int) id.lastLeaf() + 1));
				}
			}
			assertThat(result.tip().head()).isEqualTo(new TreeHead(leaves.size(), mth(leaves, 0, leaves.size())));
			assertThat(result.tip().lastChain()).isEqualTo(chain);
		});
	}

	@Test
	void batchBoundariesDoNotChangeWhatIsSequenced() {
		// what lets a batch be sequenced while the one before it is still being written
		check(150, (random) -> {
			List<PreparedEvent> events = events(random, random.nextInt(0, 400));
			Sequencing sequencing = new Sequencing(ChainHmac.withKey(KEY));
			Sequencing.Result whole = sequencing.sequence(LedgerTip.empty(), events);

			List<Sequencing.Entry> pieces = new ArrayList<>();
			LedgerTip tip = LedgerTip.empty();
			int from = 0;
			while (from < events.size()) {
				int to = Math.min(events.size(), from + random.nextInt(1, 70));
				Sequencing.Result part = sequencing.sequence(tip, events.subList(from, to));
				pieces.addAll(part.entries());
				tip = part.tip();
				from = to;
			}

			assertThat(pieces).hasSameSizeAs(whole.entries());
			for (int i = 0; i < pieces.size(); i++) {
				assertSameEntry(pieces.get(i), whole.entries().get(i));
			}
			assertThat(tip.head()).isEqualTo(whole.tip().head());
			assertThat(tip.lastChain()).isEqualTo(whole.tip().lastChain());
		});
	}

	@Test
	void aTipRestoredFromStoredRowsContinuesAsTheOneInMemory() {
		// the sequencer reloads its tip from the tail row and the stored nodes after a
		// failed batch or another server's append
		check(150, (random) -> {
			List<PreparedEvent> stored = events(random, random.nextInt(1, 300));
			List<PreparedEvent> next = events(random, random.nextInt(0, 100));
			Sequencing sequencing = new Sequencing(ChainHmac.withKey(KEY));
			Sequencing.Result written = sequencing.sequence(LedgerTip.empty(), stored);
			Sequencing.Entry last = written.entries().get(written.entries().size() - 1);
			Tail tail = new Tail(last.index(), last.chain(), last.event().event().ts());
			List<Hash> frontier = CompactRange.frontier(stored.size())
				.stream()
				.map((id) -> storedNode(written.entries(), id))
				.toList();
			LedgerTip restored = LedgerTip.after(tail, frontier);

			assertThat(restored.continues(Optional.of(tail))).isTrue();
			assertThat(written.tip().continues(Optional.of(tail))).isTrue();
			Sequencing.Result fromMemory = sequencing.sequence(written.tip(), next);
			Sequencing.Result fromRows = sequencing.sequence(restored, next);
			for (int i = 0; i < next.size(); i++) {
				assertSameEntry(fromRows.entries().get(i), fromMemory.entries().get(i));
			}
			assertThat(fromRows.tip().head()).isEqualTo(fromMemory.tip().head());
		});
	}

	@Test
	void timeNeverRunsBackwardsAndOnlyLateEventsAreRestamped() {
		check(150, (random) -> {
			List<PreparedEvent> batch = events(random, random.nextInt(1, 200));
			Sequencing sequencing = new Sequencing(ChainHmac.withKey(KEY));
			LedgerTip before = sequencing.sequence(LedgerTip.empty(), events(random, random.nextInt(0, 5))).tip();
			TreeHead headBefore = before.head();

			Sequencing.Result result = sequencing.sequence(before, batch);

			Instant previous = before.lastTs();
			for (int i = 0; i < batch.size(); i++) {
				PreparedEvent given = batch.get(i);
				PreparedEvent written = result.entries().get(i).event();
				Instant expected = given.event().ts().isBefore(previous) ? previous : given.event().ts();
				assertThat(written.event().ts()).isEqualTo(expected);
				assertThat(written.event().id()).isEqualTo(given.event().id());
				if (!given.event().ts().isBefore(previous)) {
					assertThat(written.leaf()).isEqualTo(given.leaf());
				}
				previous = written.event().ts();
			}
			// a value: sequencing after a tip leaves it as it was
			assertThat(before.head()).isEqualTo(headBefore);
		});
	}

	private static void assertSameEntry(Sequencing.Entry actual, Sequencing.Entry expected) {
		assertThat(actual.index()).isEqualTo(expected.index());
		assertThat(actual.event().leaf()).isEqualTo(expected.event().leaf());
		assertThat(actual.chain()).isEqualTo(expected.chain());
		assertThat(actual.subtreeHashes()).isEqualTo(expected.subtreeHashes());
	}

	// Node (L, k) is stored in row ((k + 1) << L) - 1: level 0 is its leaf hash, level L
	// bytes [(L - 1) * 32, L * 32) of its subtree hashes.
	private static Hash storedNode(List<Sequencing.Entry> rows, NodeId id) {
		Sequencing.Entry row = rows.get((int) (((id.index() + 1) << id.level()) - 1));
		if (id.level() == 0) {
			return row.event().leafHash();
		}
		int at = (id.level() - 1) * Hash.SIZE;
		return Hash.of(Arrays.copyOfRange(row.subtreeHashes(), at, at + Hash.SIZE));
	}

	// RFC 6962 §2.1, literally
	private static Hash mth(List<Hash> leaves, int start, int end) {
		int n = end - start;
		if (n == 0) {
			return Rfc6962.emptyRoot();
		}
		if (n == 1) {
			return leaves.get(start);
		}
		int k = Integer.highestOneBit(n - 1);
		return Rfc6962.nodeHash(mth(leaves, start, start + k), mth(leaves, start + k, end));
	}

	private static byte[] hmac(byte[] previous, Hash leafHash) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
			mac.update(previous);
			return mac.doFinal(leafHash.bytes());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// Events whose times mostly rise, sometimes fall back (a producer's clock behind
	// another's) and sometimes repeat.
	private static List<PreparedEvent> events(SplittableRandom random, int count) {
		List<PreparedEvent> events = new ArrayList<>(count);
		Instant ts = T0.plusMillis(random.nextInt(0, 1000));
		for (int i = 0; i < count; i++) {
			ts = ts.plusMillis(random.nextInt(-20, 40));
			EventDraft draft = EventDraft.of("deploy", new Actor("user-" + random.nextInt(0, 50), "user"))
				.withSubmitter(CLIENT)
				.withDetails(Map.of("n", random.nextInt(0, 1_000_000)));
			events.add(PreparedEvent.prepare(draft, ts, ""));
		}
		return events;
	}

	private static void check(int cases, Consumer<SplittableRandom> property) {
		String test = StackWalker.getInstance()
			.walk((frames) -> frames.skip(1).findFirst())
			.orElseThrow()
			.getMethodName();
		Long only = Long.getLong("countersign.case");
		SplittableRandom seeds = new SplittableRandom(6962 ^ test.hashCode());
		for (int i = 0; i < ((only != null) ? 1 : cases); i++) {
			long seed = (only != null) ? only : seeds.nextLong();
			try {
				property.accept(new SplittableRandom(seed));
			}
			catch (AssertionError | RuntimeException ex) {
				throw new AssertionError(
						"%s failed on seed %d; rerun it alone with%n  ./mvnw -pl countersign-server -am test "
							.formatted(test, seed)
								+ "-Dtest='SequencingPropertiesTest#%s' -Dcountersign.case=%d ".formatted(test, seed)
								+ "-Dsurefire.failIfNoSpecifiedTests=false%n%s".formatted(ex.getMessage()),
						ex);
			}
		}
	}

}
