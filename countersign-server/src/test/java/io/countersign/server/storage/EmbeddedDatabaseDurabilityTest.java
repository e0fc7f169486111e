package io.countersign.server.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EmbeddedDatabaseDurabilityTest {

	@Test
	void h2FileDatabaseWritesEachCommitBeforeItReturns() {
		assertThat(EmbeddedDatabaseDurability.durable("jdbc:h2:file:./data/countersign"))
			.isEqualTo("jdbc:h2:file:./data/countersign;WRITE_DELAY=0");
		assertThat(EmbeddedDatabaseDurability.durable("jdbc:h2:/srv/cs/countersign;AUTO_RECONNECT=TRUE"))
			.isEqualTo("jdbc:h2:/srv/cs/countersign;AUTO_RECONNECT=TRUE;WRITE_DELAY=0");
		assertThat(EmbeddedDatabaseDurability.durable("jdbc:h2:tcp://db:9092/countersign"))
			.isEqualTo("jdbc:h2:tcp://db:9092/countersign;WRITE_DELAY=0");
	}

	@Test
	void urlThatAlreadyAsksForNoWriteDelayIsKept() {
		assertThat(EmbeddedDatabaseDurability.durable("jdbc:h2:file:./data/countersign;write_delay=0;FILE_LOCK=FS"))
			.isEqualTo("jdbc:h2:file:./data/countersign;write_delay=0;FILE_LOCK=FS");
	}

	@Test
	void writeDelayOtherThanZeroIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> EmbeddedDatabaseDurability.durable("jdbc:h2:file:./data/countersign;Write_Delay=500"))
			.withMessageContaining("WRITE_DELAY=500")
			.withMessageContaining("lose acknowledged ledger entries");
	}

	@Test
	void fileLockSwitchedOffIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> EmbeddedDatabaseDurability.durable("jdbc:h2:file:./data/countersign;FILE_LOCK=no"))
			.withMessageContaining("FILE_LOCK=NO");
	}

	@Test
	void inMemoryAndPostgresqlUrlsAreLeftAlone() {
		assertThat(EmbeddedDatabaseDurability.durable("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1"))
			.isEqualTo("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1");
		assertThat(EmbeddedDatabaseDurability.durable("jdbc:postgresql://127.0.0.1:5432/countersign"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/countersign");
	}

}
