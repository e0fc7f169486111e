// The entry page: recompute the leaf hash and the path to the signed root, show the verdict.
(function () {
	'use strict';

	document.addEventListener('DOMContentLoaded', function () {
		var proof = window.countersignProof;
		var element = document.getElementById('proof');
		var status = document.getElementById('proof-status');
		var reasons = document.getElementById('proof-reasons');

		function reason(text, ok) {
			var item = document.createElement('li');
			item.textContent = (ok ? '\u2713 ' : '\u2717 ') + text;
			reasons.appendChild(item);
		}

		function verdict(ok, text) {
			status.textContent = text;
			status.className = 'mark ' + (ok ? 'ok' : 'bad');
			status.setAttribute('data-verified', ok ? 'true' : 'false');
		}

		var leaf = proof.fromBase64(element.getAttribute('data-leaf'));
		var index = Number(element.getAttribute('data-index'));
		var storedHash = element.getAttribute('data-stored-hash');
		var noteBase64 = element.getAttribute('data-note');
		var problems = 0;

		proof.leafHash(leaf).then(function (hash) {
			document.getElementById('computed-leaf-hash').textContent = proof.hex(hash);
			if (proof.hex(hash) === storedHash) {
				reason('The leaf hash computed from the event matches the stored leaf hash.', true);
			}
			else {
				problems++;
				reason('The leaf hash computed from the event differs from the stored leaf hash: the entry was changed after it was written.', false);
			}
			if (!noteBase64) {
				throw new Error('no signed checkpoint covers this entry yet');
			}
			var note = new TextDecoder().decode(proof.fromBase64(noteBase64));
			return proof.verifyCheckpoint(note, element.getAttribute('data-key')).then(function (checkpoint) {
				reason('The checkpoint of ' + checkpoint.size + ' entries is signed by the pinned verifier key (Ed25519).', true);
				var pathText = element.getAttribute('data-path') || '';
				var path = pathText ? pathText.split(' ').map(proof.fromBase64) : [];
				return proof.rootFromInclusionProof(index, checkpoint.size, hash, path).then(function (root) {
					if (proof.equal(root, checkpoint.root)) {
						reason('The audit path of ' + path.length + ' hashes leads from this event to the signed root.', true);
					}
					else {
						problems++;
						reason('The audit path from this event does not lead to the signed root: the event is not the one the ledger committed to.', false);
					}
				});
			});
		}).then(function () {
			if (problems === 0) {
				verdict(true, 'Verified');
			}
			else {
				verdict(false, 'Not verified');
			}
		}).catch(function (error) {
			reason(error.message, false);
			verdict(false, 'Not verified');
		});
	});
})();
