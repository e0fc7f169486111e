// Checks a ledger entry's inclusion and a checkpoint's signature with WebCrypto alone:
// RFC 6962 hashing, the RFC 9162 section 2.1.3.2 audit path algorithm, and the Ed25519
// signature of a C2SP signed-note checkpoint against the verifier key pinned in the page.
(function () {
	'use strict';

	var encoder = new TextEncoder();

	function fromBase64(text) {
		var binary = atob(text);
		var bytes = new Uint8Array(binary.length);
		for (var i = 0; i < binary.length; i++) {
			bytes[i] = binary.charCodeAt(i);
		}
		return bytes;
	}

	function hex(bytes) {
		return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
	}

	function equal(a, b) {
		if (a.length !== b.length) {
			return false;
		}
		for (var i = 0; i < a.length; i++) {
			if (a[i] !== b[i]) {
				return false;
			}
		}
		return true;
	}

	function sha256(prefix, parts) {
		var length = 1 + parts.reduce(function (sum, part) { return sum + part.length; }, 0);
		var data = new Uint8Array(length);
		data[0] = prefix;
		var offset = 1;
		parts.forEach(function (part) { data.set(part, offset); offset += part.length; });
		return crypto.subtle.digest('SHA-256', data).then(function (digest) { return new Uint8Array(digest); });
	}

	/** RFC 6962: the hash of a leaf is SHA-256(0x00 || leaf). */
	function leafHash(leaf) {
		return sha256(0, [leaf]);
	}

	/** RFC 9162 section 2.1.3.2: the root the path leads to from leaf index of a tree of size. */
	function rootFromInclusionProof(index, size, hash, path) {
		if (index >= size) {
			return Promise.reject(new Error('the index ' + index + ' is outside the tree of ' + size));
		}
		var fn = index;
		var sn = size - 1;
		var r = Promise.resolve(hash);
		var failed = null;
		path.forEach(function (p) {
			if (failed) {
				return;
			}
			if (sn === 0) {
				failed = 'the proof is longer than the tree is high';
				return;
			}
			if (fn % 2 === 1 || fn === sn) {
				r = r.then(function (value) { return sha256(1, [p, value]); });
				if (fn % 2 === 0) {
					while (fn % 2 === 0 && fn !== 0) {
						fn = Math.floor(fn / 2);
						sn = Math.floor(sn / 2);
					}
				}
			}
			else {
				r = r.then(function (value) { return sha256(1, [value, p]); });
			}
			fn = Math.floor(fn / 2);
			sn = Math.floor(sn / 2);
		});
		if (failed) {
			return Promise.reject(new Error(failed));
		}
		if (sn !== 0) {
			return Promise.reject(new Error('the proof is shorter than the tree is high'));
		}
		return r;
	}

	/** A signed-note verifier key: name+hexkeyid+base64(0x01 || 32-byte Ed25519 key). */
	function parseVerifierKey(text) {
		var plus = text.indexOf('+');
		var name = text.slice(0, plus);
		var keyId = text.slice(plus + 1, plus + 9);
		var key = fromBase64(text.slice(plus + 10));
		if (plus < 1 || text.charAt(plus + 9) !== '+' || key.length !== 33 || key[0] !== 1) {
			throw new Error('the verifier key is not an Ed25519 signed-note key');
		}
		return { name: name, keyId: keyId, publicKey: key.slice(1) };
	}

	/**
	 * Verifies a C2SP signed note holding a tlog checkpoint with the pinned key; resolves
	 * to {origin, size, root} or rejects with the reason.
	 */
	function verifyCheckpoint(noteText, verifierKeyText) {
		var key;
		try {
			key = parseVerifierKey(verifierKeyText);
		}
		catch (e) {
			return Promise.reject(e);
		}
		var split = noteText.indexOf('\n\n');
		if (split < 0) {
			return Promise.reject(new Error('the checkpoint is not a signed note'));
		}
		var text = noteText.slice(0, split + 1);
		var lines = text.split('\n');
		var checkpoint = { origin: lines[0], size: Number(lines[1]), root: lines[2] ? fromBase64(lines[2]) : new Uint8Array(0) };
		var signatures = noteText.slice(split + 2).split('\n').filter(function (line) {
			return line.indexOf('\u2014 ' + key.name + ' ') === 0;
		});
		if (signatures.length === 0) {
			return Promise.reject(new Error('the checkpoint carries no signature by ' + key.name));
		}
		var candidates = signatures.map(function (line) {
			return fromBase64(line.slice(('\u2014 ' + key.name + ' ').length));
		}).filter(function (signature) {
			return signature.length === 68 && hex(signature.slice(0, 4)) === key.keyId;
		});
		if (candidates.length === 0) {
			return Promise.reject(new Error('no signature of the checkpoint has the pinned key\'s id ' + key.keyId));
		}
		return crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify'])
			.then(function (publicKey) {
				return crypto.subtle.verify({ name: 'Ed25519' }, publicKey, candidates[0].slice(4), encoder.encode(text));
			})
			.then(function (valid) {
				if (!valid) {
					throw new Error('the checkpoint\'s Ed25519 signature does not verify with the pinned key');
				}
				return checkpoint;
			});
	}

	window.countersignProof = {
		fromBase64: fromBase64,
		hex: hex,
		equal: equal,
		leafHash: leafHash,
		rootFromInclusionProof: rootFromInclusionProof,
		verifyCheckpoint: verifyCheckpoint
	};
})();
