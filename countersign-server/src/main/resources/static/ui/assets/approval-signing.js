/*
 * Countersign console: approve or reject a request with a key held by this browser.
 *
 * The approver's Ed25519 key pair is generated here with WebCrypto as NON-EXTRACTABLE
 * (the private key can sign but can never be read out, not even by this script) and kept
 * in IndexedDB, which stores CryptoKey objects as they are. On first use its public key
 * is registered as the person's approver key (POST /api/v1/me/keys, SPKI PEM). The
 * server never sees the private key.
 *
 * What is signed is the decision's signing message of docs/approvals.md, built from the
 * request id, revision and digest the server rendered into the form, the decision and the
 * reason typed here. The server rebuilds the same message from its own records and
 * verifies the signature; nothing in this file is trusted by it.
 *
 * Loaded as a static file: the console's Content-Security-Policy allows no inline script.
 */
(function () {
	'use strict';

	var DB_NAME = 'countersign-approver-keys';
	var STORE = 'keys';
	var KEYS_ENDPOINT = '/api/v1/me/keys';

	function openDatabase() {
		return new Promise(function (resolve, reject) {
			var request = indexedDB.open(DB_NAME, 1);
			request.onupgradeneeded = function () {
				request.result.createObjectStore(STORE, { keyPath: 'username' });
			};
			request.onsuccess = function () { resolve(request.result); };
			request.onerror = function () { reject(request.error); };
		});
	}

	function stored(username) {
		return openDatabase().then(function (db) {
			return new Promise(function (resolve, reject) {
				var get = db.transaction(STORE, 'readonly').objectStore(STORE).get(username);
				get.onsuccess = function () { resolve(get.result || null); };
				get.onerror = function () { reject(get.error); };
			});
		});
	}

	function store(record) {
		return openDatabase().then(function (db) {
			return new Promise(function (resolve, reject) {
				var tx = db.transaction(STORE, 'readwrite');
				tx.objectStore(STORE).put(record);
				tx.oncomplete = function () { resolve(record); };
				tx.onerror = function () { reject(tx.error); };
			});
		});
	}

	function forget(username) {
		return openDatabase().then(function (db) {
			return new Promise(function (resolve, reject) {
				var tx = db.transaction(STORE, 'readwrite');
				tx.objectStore(STORE).delete(username);
				tx.oncomplete = function () { resolve(); };
				tx.onerror = function () { reject(tx.error); };
			});
		});
	}

	function base64(bytes) {
		var view = new Uint8Array(bytes);
		var text = '';
		for (var i = 0; i < view.length; i++) {
			text += String.fromCharCode(view[i]);
		}
		return btoa(text);
	}

	function hex(bytes) {
		return Array.prototype.map.call(new Uint8Array(bytes), function (b) {
			return ('0' + b.toString(16)).slice(-2);
		}).join('');
	}

	function pem(spki) {
		var lines = base64(spki).match(/.{1,64}/g).join('\n');
		return '-----BEGIN PUBLIC KEY-----\n' + lines + '\n-----END PUBLIC KEY-----\n';
	}

	/** Reads a refusal (RFC 9457 problem details) into one readable line. */
	function problem(response) {
		return response.text().then(function (text) {
			try {
				var json = JSON.parse(text);
				return (json.code ? json.code + ': ' : '') + (json.detail || json.title || response.status);
			} catch (e) {
				return 'HTTP ' + response.status;
			}
		});
	}

	/** Finds this browser's key among the person's registered ones, by fingerprint. */
	function registeredId(fingerprint, csrf) {
		return fetch(KEYS_ENDPOINT, { credentials: 'same-origin', headers: { 'Accept': 'application/json', 'X-CSRF-TOKEN': csrf } })
			.then(function (response) {
				if (!response.ok) {
					return problem(response).then(function (message) { throw new Error(message); });
				}
				return response.json();
			})
			.then(function (json) {
				var found = json.items.filter(function (key) {
					return key.fingerprint === fingerprint && !key.revokedAt;
				});
				if (found.length === 0) {
					throw new Error('This browser\'s key is registered to someone else or revoked.');
				}
				return found[0].id;
			});
	}

	function register(record, csrf) {
		return crypto.subtle.exportKey('spki', record.publicKey).then(function (spki) {
			return crypto.subtle.digest('SHA-256', spki).then(function (digest) {
				record.fingerprint = hex(digest);
				return fetch(KEYS_ENDPOINT, {
					method: 'POST',
					credentials: 'same-origin',
					headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-TOKEN': csrf },
					body: JSON.stringify({ publicKey: pem(spki) })
				});
			});
		}).then(function (response) {
			if (response.status === 201) {
				return response.json().then(function (json) { return json.id; });
			}
			if (response.status === 409) {
				// registered before, but the answer never reached this page
				return registeredId(record.fingerprint, csrf);
			}
			return problem(response).then(function (message) { throw new Error(message); });
		}).then(function (id) {
			record.keyId = id;
			return store(record);
		});
	}

	/** This browser's key for {@code username}: made and registered on first use. */
	function approverKey(username, csrf) {
		return stored(username).then(function (record) {
			if (record) {
				return record;
			}
			return crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']).then(function (pair) {
				return store({ username: username, privateKey: pair.privateKey, publicKey: pair.publicKey,
					keyId: null, fingerprint: null, createdAt: new Date().toISOString() });
			});
		}).then(function (record) {
			return record.keyId ? record : register(record, csrf);
		});
	}

	/** The signing message of docs/approvals.md: six lines, each ending in a line feed. */
	function signingMessage(request, revision, decision, digest, reason) {
		return 'countersign/approval-decision/v1\n'
			+ 'request: ' + request + '\n'
			+ 'revision: ' + revision + '\n'
			+ 'decision: ' + decision + '\n'
			+ 'digest: ' + digest + '\n'
			+ 'reason: ' + reason + '\n';
	}

	function sign(record, message) {
		return crypto.subtle.sign({ name: 'Ed25519' }, record.privateKey, new TextEncoder().encode(message))
			.then(base64);
	}

	function say(form, text, failed) {
		var status = form.querySelector('[data-signing-status]');
		if (status) {
			status.textContent = text;
			status.classList.toggle('error', !!failed);
		}
	}

	function decide(form, submitter) {
		var csrf = form.querySelector('input[name="_csrf"]').value;
		var decision = submitter && submitter.value ? submitter.value : form.querySelector('[name="decision"]:checked').value;
		var reason = form.querySelector('[name="reason"]').value;
		if (!reason.trim()) {
			say(form, 'Give a reason for your decision.', true);
			return Promise.resolve();
		}
		if (!window.crypto || !crypto.subtle) {
			say(form, 'This browser cannot sign (WebCrypto needs HTTPS or localhost).', true);
			return Promise.resolve();
		}
		say(form, 'Signing with this browser\'s key…', false);
		return approverKey(form.dataset.username, csrf).then(function (record) {
			var message = signingMessage(form.dataset.request, form.dataset.revision, decision, form.dataset.digest, reason);
			return sign(record, message).then(function (signature) {
				form.querySelector('[name="keyId"]').value = record.keyId;
				form.querySelector('[name="signature"]').value = signature;
				form.querySelector('[name="decision"][type="hidden"]').value = decision;
				// submit() sends the form without firing this handler again
				form.submit();
			});
		}).catch(function (error) {
			say(form, 'Not signed: ' + (error && error.message ? error.message : error), true);
		});
	}

	function describe(container) {
		var username = container.dataset.username;
		stored(username).then(function (record) {
			container.textContent = record && record.keyId
				? 'This browser holds your approver key (fingerprint ' + record.fingerprint + ').'
				: 'This browser holds no approver key of yours yet; one is made and registered when you first decide.';
		}).catch(function () {
			container.textContent = 'This browser cannot keep keys (IndexedDB unavailable).';
		});
	}

	document.addEventListener('DOMContentLoaded', function () {
		Array.prototype.forEach.call(document.querySelectorAll('form[data-sign-decision]'), function (form) {
			form.addEventListener('submit', function (event) {
				event.preventDefault();
				decide(form, event.submitter);
			});
		});
		Array.prototype.forEach.call(document.querySelectorAll('[data-browser-key]'), describe);
		Array.prototype.forEach.call(document.querySelectorAll('button[data-forget-browser-key]'), function (button) {
			button.addEventListener('click', function () {
				forget(button.dataset.username).then(function () {
					Array.prototype.forEach.call(document.querySelectorAll('[data-browser-key]'), describe);
				});
			});
		});
	});

	// for tests and for people who sign elsewhere: the exact message of a decision
	window.countersignSigning = { signingMessage: signingMessage };
}());
