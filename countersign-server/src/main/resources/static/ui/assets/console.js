// The console's shared script: the CSRF token on every htmx request, local times, sign-out.
// Served as a file: the Content-Security-Policy allows no inline script.
(function () {
	'use strict';

	function meta(name) {
		var element = document.querySelector('meta[name="' + name + '"]');
		return element ? element.getAttribute('content') : null;
	}

	/** The CSRF header and token of this page, for fetch() and htmx. */
	window.countersignCsrf = function () {
		var headers = {};
		var header = meta('csrf-header');
		var token = meta('csrf-token');
		if (header && token) {
			headers[header] = token;
		}
		return headers;
	};

	document.addEventListener('htmx:configRequest', function (event) {
		var headers = window.countersignCsrf();
		Object.keys(headers).forEach(function (name) {
			event.detail.headers[name] = headers[name];
		});
	});

	var formatter = new Intl.DateTimeFormat(undefined, {
		year: 'numeric', month: '2-digit', day: '2-digit',
		hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'
	});

	/** Every <time class="local" datetime="…Z"> shows in the viewer's zone, UTC on hover. */
	function localTimes(root) {
		root.querySelectorAll('time.local[datetime]').forEach(function (element) {
			var utc = element.getAttribute('datetime');
			var date = new Date(utc);
			if (isNaN(date.getTime())) {
				return;
			}
			element.textContent = formatter.format(date);
			element.setAttribute('title', utc + ' (UTC)');
		});
	}
	window.countersignLocalTimes = localTimes;

	document.addEventListener('DOMContentLoaded', function () {
		localTimes(document);
		var signOut = document.getElementById('sign-out');
		if (signOut) {
			signOut.addEventListener('click', function () {
				fetch('/api/v1/session', { method: 'DELETE', headers: window.countersignCsrf(), credentials: 'same-origin' })
					.finally(function () { window.location.assign('/ui/sign-in'); });
			});
		}
	});
	document.addEventListener('htmx:afterSwap', function (event) {
		localTimes(event.target);
	});
})();
