// Sign-in through the access module's API: password, then a TOTP code where a role needs one.
(function () {
	'use strict';

	document.addEventListener('DOMContentLoaded', function () {
		var form = document.getElementById('sign-in-form');
		var error = document.getElementById('sign-in-error');
		var totpRow = document.getElementById('totp-row');
		var totp = document.getElementById('totp');
		var button = document.getElementById('sign-in-button');

		function show(message) {
			error.textContent = message;
		}

		form.addEventListener('submit', function (event) {
			event.preventDefault();
			show('');
			var body = {
				username: document.getElementById('username').value,
				password: document.getElementById('password').value
			};
			if (!totpRow.hidden && totp.value) {
				body.totp = totp.value.trim();
			}
			button.disabled = true;
			fetch('/api/v1/session/csrf', { credentials: 'same-origin' })
				.then(function (response) { return response.json(); })
				.then(function (csrf) {
					var headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
					headers[csrf.headerName] = csrf.token;
					return fetch('/api/v1/session', {
						method: 'POST', headers: headers, credentials: 'same-origin', body: JSON.stringify(body)
					});
				})
				.then(function (response) {
					if (response.ok) {
						window.location.assign(form.getAttribute('data-next') || '/');
						return;
					}
					return response.json().catch(function () { return {}; }).then(function (problem) {
						if (problem.code === 'ERR_MFA_REQUIRED') {
							totpRow.hidden = false;
							totp.required = true;
							totp.focus();
							show(body.totp ? 'That code was not accepted. Enter the current code.' : 'Enter the code from your authenticator app.');
							return;
						}
						show(problem.detail || 'Sign-in failed.');
					});
				})
				.catch(function () { show('The server could not be reached.'); })
				.finally(function () { button.disabled = false; });
		});
	});
})();
