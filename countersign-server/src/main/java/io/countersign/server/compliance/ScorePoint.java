package io.countersign.server.compliance;

import java.time.LocalDate;

/** A framework's scores on one day (the last evaluation of that day). */
public record ScorePoint(LocalDate day, double implementedShare, double weightedScore) {

}
