package io.countersign.server.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.countersign.ledger.event.Event;
import io.countersign.server.access.People;
import io.countersign.server.notification.AlertNotice;
import io.countersign.server.notification.AlertNotices;
import io.countersign.server.notification.AlertRecipients;
import io.countersign.server.notification.internal.channels.Channel;
import io.countersign.server.notification.internal.channels.NotificationChannels;
import io.countersign.server.notification.internal.delivery.Deliveries;
import io.countersign.server.notification.internal.delivery.Delivery;
import io.countersign.server.notification.internal.inbox.Inbox;
import io.countersign.server.notification.internal.inbox.InboxItem;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Writes alert notices as {@link NotifyingPeople} writes approval notices: inbox items
 * and delivery rows in the caller's transaction, sent later by the delivery worker with
 * its retries and signatures. A route names the channels an alert goes to, so a channel's
 * {@code events} (which choose approval notices) do not filter alert notices.
 */
@Service
class NotifyingAboutAlerts implements AlertNotices {

	private final People people;

	private final Inbox inbox;

	private final NotificationChannels channels;

	private final Deliveries deliveries;

	private final NotificationProperties properties;

	private final ObjectProvider<JavaMailSender> mail;

	private final Clock clock;

	NotifyingAboutAlerts(People people, Inbox inbox, NotificationChannels channels, Deliveries deliveries,
			NotificationProperties properties, ObjectProvider<JavaMailSender> mail, Clock clock) {
		this.people = people;
		this.inbox = inbox;
		this.channels = channels;
		this.deliveries = deliveries;
		this.properties = properties;
		this.mail = mail;
		this.clock = clock;
	}

	@Override
	public int write(AlertNotice notice, AlertRecipients recipients) {
		Instant now = this.clock.instant();
		AlertMessage message = new AlertMessage(notice, this.properties.linkToAlert(notice.alertId()));
		int written = 0;
		Set<String> persons = new TreeSet<>(this.people.holdersOf(recipients.roles(), now).keySet());
		for (String account : recipients.accounts()) {
			if (this.people.personOf(account).isPresent()) {
				persons.add(account);
			}
		}
		boolean emailPeople = this.properties.emailPeople() && this.mail.getIfAvailable() != null;
		List<InboxItem> items = new ArrayList<>();
		for (String person : persons) {
			items.add(new InboxItem(Event.newId(), person, InboxItem.ALERT, notice.alertId(), notice.event(),
					clip(message.title(), 500), message.link(), now, Optional.empty()));
			written++;
			if (emailPeople) {
				Optional<String> address = this.people.emailOf(person);
				if (address.isPresent()) {
					this.deliveries.insert(delivery(Optional.empty(), ChannelKind.EMAIL, address.get(), message, now));
					written++;
				}
			}
		}
		this.inbox.insert(items);
		for (String id : new TreeSet<>(recipients.channels())) {
			Optional<Channel> channel = this.channels.find(id).filter(Channel::active);
			if (channel.isPresent()) {
				this.deliveries
					.insert(delivery(Optional.of(id), channel.get().kind(), channel.get().target(), message, now));
				written++;
			}
		}
		return written;
	}

	@Override
	public void settled(String alertId, Instant at) {
		this.inbox.settle(InboxItem.ALERT, alertId, at);
	}

	@Override
	public Set<String> unknownChannels(Collection<String> channelIds) {
		Set<String> unknown = new TreeSet<>();
		for (String id : channelIds) {
			if (this.channels.find(id).filter(Channel::active).isEmpty()) {
				unknown.add(id);
			}
		}
		return unknown;
	}

	private static Delivery delivery(Optional<String> channelId, ChannelKind kind, String recipient,
			AlertMessage message, Instant now) {
		String id = Event.newId();
		String body = switch (kind) {
			case WEBHOOK -> message.webhookBody(id, now.toString());
			case SLACK -> message.slackBody();
			case EMAIL -> message.emailText();
		};
		AlertNotice notice = message.notice();
		return new Delivery(id, channelId, kind, recipient, InboxItem.ALERT, notice.alertId(), notice.event(),
				clip(notice.noticeKey(), 64), clip(message.emailSubject(), 500), body, Delivery.Status.PENDING, 0,
				Optional.empty(), now, now, Optional.empty());
	}

	private static String clip(String text, int max) {
		return (text.length() > max) ? text.substring(0, max - 1) + "…" : text;
	}

}
