package io.countersign.server.compliance.internal.reports;

import java.util.Optional;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/** Sends a finished report to the address its request named, as an attachment. */
@Component
class ReportMail {

	private final ObjectProvider<JavaMailSender> mail;

	private final ReportProperties properties;

	ReportMail(ObjectProvider<JavaMailSender> mail, ReportProperties properties) {
		this.mail = mail;
		this.properties = properties;
	}

	/** Empty when sent, else why not. */
	Optional<String> send(ReportJob job, byte[] content, String frameworkName) {
		JavaMailSender sender = this.mail.getIfAvailable();
		if (sender == null) {
			return Optional.of("no SMTP server is configured (spring.mail.host)");
		}
		try {
			MimeMessage message = sender.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
			helper.setFrom(this.properties.mailFrom());
			helper.setTo(job.email().orElseThrow());
			helper.setSubject("Compliance report " + frameworkName + " " + job.from() + " to " + job.to());
			helper.setText("The compliance report " + job.id() + " (" + frameworkName + ", " + job.from() + " to "
					+ job.to() + ") is attached.\n\nIts SHA-256 " + job.sha256().orElse("")
					+ " is on the ledger as entry " + job.ledgerIndex().map(String::valueOf).orElse("?")
					+ ". Verify it offline:\n" + "  java -jar countersign-ledger.jar " + job.fileName()
					+ " --key '<ledger verifier key>'\n\n" + io.countersign.ledger.report.ReportFormat.DISCLAIMER
					+ "\n");
			helper.addAttachment(job.fileName(), new ByteArrayResource(content), job.contentType());
			sender.send(message);
			return Optional.empty();
		}
		catch (MessagingException | MailException ex) {
			return Optional.of(ex.getMessage());
		}
	}

}
