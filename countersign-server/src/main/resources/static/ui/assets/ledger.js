// The ledger status page: the checkpoint's signature checked here, and copying the key.
(function () {
	'use strict';

	document.addEventListener('DOMContentLoaded', function () {
		var element = document.getElementById('checkpoint');
		var status = document.getElementById('checkpoint-status');
		var noteBase64 = element.getAttribute('data-note');
		if (noteBase64) {
			var note = new TextDecoder().decode(window.countersignProof.fromBase64(noteBase64));
			window.countersignProof.verifyCheckpoint(note, element.getAttribute('data-key')).then(function (checkpoint) {
				status.textContent = 'Verified';
				status.className = 'mark ok';
				status.setAttribute('data-verified', 'true');
				document.getElementById('checkpoint-reason').textContent =
					'Ed25519 signature over the checkpoint of ' + checkpoint.size + ' entries, with the key below.';
			}).catch(function (error) {
				status.textContent = 'Not verified';
				status.className = 'mark bad';
				status.setAttribute('data-verified', 'false');
				document.getElementById('checkpoint-reason').textContent = error.message;
			});
		}
		document.getElementById('copy-key').addEventListener('click', function () {
			var key = document.getElementById('verifier-key');
			var done = document.getElementById('copy-done');
			navigator.clipboard.writeText(key.value).then(function () {
				done.textContent = 'Copied.';
			}, function () {
				key.select();
				done.textContent = 'Selected: press Ctrl+C to copy.';
			});
		});
	});
})();
