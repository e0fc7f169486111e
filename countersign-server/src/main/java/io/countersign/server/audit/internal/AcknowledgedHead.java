package io.countersign.server.audit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.countersign.ledger.Hash;
import io.countersign.server.audit.TreeHead;

/**
 * The newest tree head the ledger acknowledged on the embedded database, in a file beside
 * it ({@code countersign.acknowledged} next to {@code countersign.mv.db}). Checkpoints
 * are stored in the same database as the entries and would be lost with them; this file
 * is not. A database that stores a smaller tree than this head, or another tree, lost
 * entries the ledger acknowledged, and appending to it would hand their indexes to other
 * events.
 *
 * <p>
 * One fixed-length line, rewritten in place after every batch is on disk and before it is
 * acknowledged, without a sync of its own: it can only lag the database, never run ahead
 * of it. The line fits in one disk sector, so it is never seen half-written.
 */
final class AcknowledgedHead {

	/** The file's name is the database's followed by this. */
	static final String SUFFIX = ".acknowledged";

	private static final Pattern LINE = Pattern
		.compile("countersign acknowledged tree size (\\d{20}) root ([A-Za-z0-9+/]{43}=)\n");

	private final Path file;

	private FileChannel channel;

	AcknowledgedHead(Path file) {
		this.file = file;
	}

	Path file() {
		return this.file;
	}

	/**
	 * The head last recorded; empty if none was (a new database, or one that never
	 * acknowledged an entry).
	 * @throws IllegalStateException if the file holds anything else
	 */
	Optional<TreeHead> read() throws IOException {
		String text;
		try {
			text = Files.readString(this.file, StandardCharsets.US_ASCII);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		Matcher line = LINE.matcher(text);
		if (!line.matches()) {
			throw new IllegalStateException(this.file + " does not hold a tree head the ledger wrote; "
					+ "if you replaced or edited it, put back the original");
		}
		return Optional.of(new TreeHead(Long.parseLong(line.group(1)), Hash.fromBase64(line.group(2))));
	}

	/** Records the head of a batch that is on disk, before it is acknowledged. */
	synchronized void record(TreeHead head) throws IOException {
		if (this.channel == null) {
			this.channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		}
		String line = "countersign acknowledged tree size %020d root %s\n".formatted(head.size(), head.root().base64());
		ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
		try {
			long position = 0;
			while (bytes.hasRemaining()) {
				position += this.channel.write(bytes, position);
			}
		}
		catch (IOException ex) {
			// a channel that failed may be closed for good: open it again next time
			FileChannel failed = this.channel;
			this.channel = null;
			try {
				failed.close();
			}
			catch (IOException closing) {
				ex.addSuppressed(closing);
			}
			throw ex;
		}
	}

}
