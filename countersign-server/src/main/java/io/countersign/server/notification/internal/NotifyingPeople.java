package io.countersign.server.notification.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.countersign.ledger.approval.ApprovalState;
import io.countersign.ledger.event.Event;
import io.countersign.server.access.People;
import io.countersign.server.approval.ApprovalStepRecorded;
import io.countersign.server.approval.RequestOverview;
import io.countersign.server.approval.RequestOverviews;
import io.countersign.server.notification.internal.channels.Channel;
import io.countersign.server.notification.internal.channels.NotificationChannels;
import io.countersign.server.notification.internal.delivery.Deliveries;
import io.countersign.server.notification.internal.delivery.Delivery;
import io.countersign.server.notification.internal.inbox.Inbox;
import io.countersign.server.notification.internal.inbox.InboxItem;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns approval steps into notices, inside the step's transaction (docs/decisions/021):
 * the inbox items and the deliveries commit with the step or not at all, and sending
 * happens later ({@code DeliveringNotifications}), so no receiver can hold up or undo an
 * approval, and a crash after the commit loses nothing.
 *
 * <p>
 * Who hears what: a request opened or revised goes to the people who could decide it
 * (never its initiator); its outcome (approved, rejected, vetoed, executed, failed,
 * expired) to the person who asked. Channels get every notice of the events they chose.
 */
@Component
class NotifyingPeople {

	// an item about a request in one of these is history (docs/decisions/031); an
	// executed request may still be rolled back, but by a request of its own
	private static final Set<ApprovalState> SETTLED = EnumSet.of(ApprovalState.REJECTED, ApprovalState.EXPIRED,
			ApprovalState.CANCELLED, ApprovalState.EXECUTED, ApprovalState.FAILED, ApprovalState.ROLLED_BACK);

	private final RequestOverviews overviews;

	private final People people;

	private final Inbox inbox;

	private final NotificationChannels channels;

	private final Deliveries deliveries;

	private final NotificationProperties properties;

	private final ObjectProvider<JavaMailSender> mail;

	private final Clock clock;

	NotifyingPeople(RequestOverviews overviews, People people, Inbox inbox, NotificationChannels channels,
			Deliveries deliveries, NotificationProperties properties, ObjectProvider<JavaMailSender> mail,
			Clock clock) {
		this.overviews = overviews;
		this.people = people;
		this.inbox = inbox;
		this.channels = channels;
		this.deliveries = deliveries;
		this.properties = properties;
		this.mail = mail;
		this.clock = clock;
	}

	// Before commit, still in the step's transaction: the request is read as the
	// transaction leaves it, and a failure here rolls the step back rather than losing
	// its notices. Without a transaction (none of today's steps) it still writes them.
	@TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
	void on(ApprovalStepRecorded step) {
		notifyAbout(step);
		// after the step's own notice, which is history from the start as well
		if (SETTLED.contains(step.state())) {
			this.inbox.settle(InboxItem.APPROVAL, step.request().toString(), this.clock.instant());
		}
		else if (step.state() == ApprovalState.APPROVED) {
			// decided: the deciders' prompts are history, though a request executed by
			// hand may stay APPROVED for good; the initiator's "approved" still asks them
			// to execute
			this.inbox.settle(InboxItem.APPROVAL, step.request().toString(),
					List.of(NotificationEvent.REQUESTED.wire(), NotificationEvent.REVISED.wire()),
					this.clock.instant());
		}
	}

	private void notifyAbout(ApprovalStepRecorded step) {
		// decided by the step's type and the state it left: a decision that leaves the
		// request open tells nobody, and nothing is read for it
		Optional<NotificationEvent> classified = classify(step.eventType(), step.state());
		if (classified.isEmpty()) {
			return;
		}
		Optional<RequestOverview> found = this.overviews.overview(step.request());
		if (found.isEmpty()) {
			return;
		}
		RequestOverview request = found.get();
		NotificationEvent event = (classified.get() == NotificationEvent.REJECTED && request.vetoed())
				? NotificationEvent.VETOED : classified.get();
		Instant now = this.clock.instant();
		Notice notice = new Notice(event, request, step.eventId(), this.properties.linkTo(request.id().toString()),
				now);
		Set<String> recipients = event.asksForDecision() ? request.deciders() : Set.of(request.initiatorPerson());
		boolean emailPeople = this.properties.emailPeople() && this.mail.getIfAvailable() != null;
		List<InboxItem> items = new ArrayList<>();
		for (String person : recipients) {
			items.add(new InboxItem(Event.newId(), person, InboxItem.APPROVAL, request.id().toString(),
					notice.event().wire(), notice.title(), notice.link(), now, Optional.empty()));
			if (emailPeople) {
				this.people.emailOf(person)
					.ifPresent((address) -> this.deliveries
						.insert(delivery(Optional.empty(), ChannelKind.EMAIL, address, notice, now)));
			}
		}
		this.inbox.insert(items);
		for (Channel channel : this.channels.receiving(event)) {
			this.deliveries.insert(delivery(Optional.of(channel.id()), channel.kind(), channel.target(), notice, now));
		}
	}

	/**
	 * Which notice a step makes, if any, by its type and the state it left the request
	 * in; decisions that leave the request open make none. A rejection that was a veto is
	 * told apart once the request is read.
	 */
	static Optional<NotificationEvent> classify(String stepType, ApprovalState leftIn) {
		boolean decided = leftIn != ApprovalState.UNDER_REVIEW;
		return switch (stepType) {
			case "ACTION_QUEUED" -> Optional.of(NotificationEvent.REQUESTED);
			case "ACTION_REVISED" -> Optional.of(NotificationEvent.REVISED);
			case "ACTION_APPROVED", "ACTION_AUTO_APPROVED" ->
				decided ? Optional.of(NotificationEvent.APPROVED) : Optional.empty();
			case "ACTION_REJECTED" -> decided ? Optional.of(NotificationEvent.REJECTED) : Optional.empty();
			case "ACTION_EXECUTION_SUCCEEDED" -> Optional.of(NotificationEvent.EXECUTED);
			case "ACTION_EXECUTION_FAILED" -> Optional.of(NotificationEvent.FAILED);
			case "ACTION_EXPIRED" -> Optional.of(NotificationEvent.EXPIRED);
			default -> Optional.empty();
		};
	}

	private static Delivery delivery(Optional<String> channelId, ChannelKind kind, String recipient, Notice notice,
			Instant now) {
		String id = Event.newId();
		String body = switch (kind) {
			case WEBHOOK -> notice.webhookBody(id);
			case SLACK -> notice.slackBody();
			case EMAIL -> notice.emailText();
		};
		return new Delivery(id, channelId, kind, recipient, InboxItem.APPROVAL, notice.request().id().toString(),
				notice.event().wire(), notice.stepEventId(), clip(notice.emailSubject(), 500), body,
				Delivery.Status.PENDING, 0, Optional.empty(), now, now, Optional.empty());
	}

	private static String clip(String text, int max) {
		return (text.length() > max) ? text.substring(0, max - 1) + "…" : text;
	}

}
