package jp.ami.mdms.xml;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.function.IntFunction;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import jp.ami.mdms.MdmsConfig;
import jp.ami.mdms.master.Exchange;
import jp.ami.mdms.usage.NoticeKind;
import jp.ami.mdms.usage.PeriodUsage;
import jp.ami.mdms.usage.UsageFileNames;
import jp.ami.mdms.values.DayRegisters;
import jp.ami.mdms.values.ValueStatus;
import jp.ami.mdms.values.Vee;
import jp.ami.model.Kwh;
import jp.ami.model.OperatorCode;
import jp.ami.model.SupplyRegistry;

/**
 * Writes a confirmed-usage notice (確定使用量, W5) of one retailer: a ZIP with one XML entry, deterministic like
 * {@link SlotFileWriter} (created-at from the tick, fixed deflate level). Shape (SPEC §4a; elements marked
 * <i>ours</i> are not in the public sources, chosen here and kept):
 * <pre>
 * SBD-MSG / JPMGRP
 *   JPMGH   JPC03 created-at yyyyMMddHHmmss JST, JPC09 TSO code, JPC10 retailer
 *   JPTRM   JP00002 information class (1220 monthly, 1320 meter exchange, 1420 special reading),
 *           JP06110 TSO code, JP06111 TSO name, JP06112 retailer,
 *           JP06116 the notice's date YYYYMMDD (reading day / day after the exchange / switch date),
 *           JP06401 target month YYYYMM (of JP06116),
 *           JPM00010 / JPMR00010 per supply point, ascending ID:
 *             JP06400 supply point ID
 *             JP06403 voltage class name 低圧, JP06404 sorting code 00 (no time-of-use sorting),
 *             JP06405 can-provide code: 0 yes, 1 no (no usable value in the period; the items below are omitted)
 *             JP06406 power factor 100, JP06407 meter class code 1 (smart meter)
 *             JP06408 period start YYYYMMDD, JP06409 period end YYYYMMDD (last day, inclusive)      <i>ours</i>
 *             JP06412 / JP06413 register at the start / end, kWh (omitted when unknown)            <i>ours</i>
 *             JP06426 usage kWh (total of present and estimated values), JP06427 usage after sorting (= JP06426)
 *             JP06428 register check: 0 matches, 1 mismatch, 2 unverifiable                        <i>ours</i>
 *             JP06429 register difference kWh (omitted when unknown)                               <i>ours</i>
 *             JP06430 / JP06431 / JP06434 slots present / estimated / missing                      <i>ours</i>
 *             JP06432 export (PV) kWh, only for a point with export values                         <i>ours</i>
 *             JP06445 maximum demand kW (largest 30-minute value × 2), JP06446 next reading day YYYYMMDD
 *             meter exchange notice (1320) and any notice whose period holds an exchange:          <i>ours</i>
 *               JP06450 exchange date YYYYMMDD, JP06451 exchange slot 1–48, JP06452 old meter ID,
 *               JP06453 old meter's final register kWh, JP06454 new meter ID, JP06455 new meter's initial register kWh,
 *               JP06456 / JP06457 usage on the old / new meter kWh (omitted when unknown)
 *             monthly and special notices: JPM00013 / JPMR00013 per day: JP06423 date YYYYMMDD,
 *               JPM00014 / JPMR00014 per slot: JP06219 slot 1–48, JP06122 status code,
 *                 JP06424 kWh, JP06425 kWh after sorting (both omitted when missing), JP06433 export kWh <i>ours</i>
 * </pre>
 * Registers are written in kWh: register × unit × coefficient. Not thread-safe; one writer per engine thread.
 */
public final class UsageFileWriter {
    private final MdmsConfig config;
    private final XMLOutputFactory factory = XMLOutputFactory.newDefaultFactory();
    private final char[] idChars = new char[jp.ami.model.SupplyPointId.LENGTH];
    private final StringBuilder text = new StringBuilder(32);
    /** Status codes as bytes when the slot rows can be written as bytes ({@link RecordBytes}), else null. */
    private final byte[][] statusBytes;
    /** The JP06122 codes by {@link ValueStatus#codeIndex}. */
    private final String[] codes;
    private final RecordBytes rows = new RecordBytes();
    private final boolean slotsAsBytes;

    public UsageFileWriter(MdmsConfig config) {
        this(config, true);
    }

    /**
     * @param slotsAsBytes false: every element through the XML writer, none as bytes ({@link RecordBytes}); the output is
     *                     the same, slower (tests compare the two)
     */
    public UsageFileWriter(MdmsConfig config, boolean slotsAsBytes) {
        this.slotsAsBytes = slotsAsBytes;
        this.config = config;
        this.statusBytes = SlotFileWriter.plainAscii(config);
        this.codes = ValueStatus.codes(config);
    }

    /**
     * Writes split {@code split} of a notice: the records of {@code points[from … to)} (ID order), each computed by
     * {@code usage} (which may reuse one instance).
     */
    public void writeZip(NoticeKind kind, LocalDate date, int revision, int split, OperatorCode retailer, SupplyRegistry registry,
                         int[] points, int from, int to, IntFunction<PeriodUsage> usage, LocalDateTime createdAt,
                         OutputStream out) throws IOException {
        SlotFileWriter.zip(out, UsageFileNames.xml(kind, date, revision, split), createdAt,
                xml -> writeXml(kind, date, retailer, registry, points, from, to, usage, createdAt, xml));
    }

    private void writeXml(NoticeKind kind, LocalDate date, OperatorCode retailer, SupplyRegistry registry, int[] points, int from,
                          int to, IntFunction<PeriodUsage> usage, LocalDateTime createdAt, OutputStream out) throws IOException {
        String enc = config.encoding().name();
        try {
            XMLStreamWriter w = factory.createXMLStreamWriter(out, enc);
            SlotFileWriter.startMessage(w, config, enc, retailer, createdAt, kind.infoClass(), date);
            SlotFileWriter.element(w, "JP06401", SlotFileWriter.date(date).substring(0, 6));
            w.writeStartElement("JPM00010");
            for (int i = from; i < to; i++) {
                record(w, registry, usage.apply(points[i]), out);
            }
            SlotFileWriter.endMessage(w);
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + kind + " notice of " + date + " for " + retailer, e);
        }
    }

    private void record(XMLStreamWriter w, SupplyRegistry registry, PeriodUsage u, OutputStream out)
            throws XMLStreamException, IOException {
        w.writeStartElement("JPMR00010");
        registry.pointChars(u.point(), idChars, 0);
        w.writeStartElement("JP06400");
        w.writeCharacters(idChars, 0, idChars.length);
        w.writeEndElement();
        SlotFileWriter.element(w, "JP06403", "低圧");
        SlotFileWriter.element(w, "JP06404", "00");
        boolean provide = u.canProvide() || u.kind() == NoticeKind.EXCHANGE;
        SlotFileWriter.element(w, "JP06405", provide ? "0" : "1");
        if (provide) {
            SlotFileWriter.element(w, "JP06406", "100");
            SlotFileWriter.element(w, "JP06407", "1");
            SlotFileWriter.element(w, "JP06408", SlotFileWriter.date(u.start()));
            SlotFileWriter.element(w, "JP06409", SlotFileWriter.date(u.end().minusDays(1)));
            register(w, "JP06412", u.startRegister());
            register(w, "JP06413", u.endRegister());
            kwh(w, "JP06426", u.totalUnits());
            kwh(w, "JP06427", u.totalUnits());
            SlotFileWriter.element(w, "JP06428", u.check().code());
            if (u.registersKnown()) {
                kwh(w, "JP06429", u.registerUnits());
            }
            SlotFileWriter.element(w, "JP06430", Integer.toString(u.present()));
            SlotFileWriter.element(w, "JP06431", Integer.toString(u.estimated()));
            SlotFileWriter.element(w, "JP06434", Integer.toString(u.missing()));
            if (u.hasExport()) {
                kwh(w, "JP06432", u.exportUnits());
            }
            kwh(w, "JP06445", u.maxDemandUnits());
            SlotFileWriter.element(w, "JP06446", SlotFileWriter.date(u.nextReadingDay()));
            if (u.exchange() != null) {
                exchange(w, u);
            }
            if (u.kind() != NoticeKind.EXCHANGE) {
                days(w, u, out);
            }
        }
        w.writeEndElement();
    }

    private void exchange(XMLStreamWriter w, PeriodUsage u) throws XMLStreamException {
        Exchange x = u.exchange();
        SlotFileWriter.element(w, "JP06450", SlotFileWriter.date(jp.ami.model.Slots.jstDate(x.slot())));
        SlotFileWriter.element(w, "JP06451", Integer.toString(jp.ami.model.Slots.number(x.slot())));
        SlotFileWriter.element(w, "JP06452", Long.toString(x.oldMeter()));
        long format = DayRegisters.isKnown(u.startRegister()) ? u.startRegister() : u.endRegister();
        if (DayRegisters.isKnown(format)) {
            kwh(w, "JP06453", DayRegisters.unitsBetween(0, withRegister(format, x.oldFinal())));
        }
        SlotFileWriter.element(w, "JP06454", Long.toString(x.newMeter()));
        if (DayRegisters.isKnown(format)) {
            kwh(w, "JP06455", DayRegisters.unitsBetween(0, withRegister(format, x.newInitial())));
        }
        if (u.oldMeterUnits() != Long.MIN_VALUE) {
            kwh(w, "JP06456", u.oldMeterUnits());
        }
        if (u.newMeterUnits() != Long.MIN_VALUE) {
            kwh(w, "JP06457", u.newMeterUnits());
        }
    }

    private static long withRegister(long packed, long register) {
        return DayRegisters.pack(register, DayRegisters.unitCode(packed), DayRegisters.digits(packed), DayRegisters.coefficient(packed));
    }

    private void days(XMLStreamWriter w, PeriodUsage u, OutputStream out) throws XMLStreamException, IOException {
        boolean bytes = statusBytes != null && slotsAsBytes;
        w.writeStartElement("JPM00013");
        LocalDate day = u.start();
        for (int i = 0; i < u.slotCount(); i += jp.ami.model.Slots.SLOTS_PER_DAY, day = day.plusDays(1)) {
            w.writeStartElement("JPMR00013");
            SlotFileWriter.element(w, "JP06423", SlotFileWriter.date(day));
            w.writeStartElement("JPM00014");
            if (bytes) {
                rows.begin(w, out);
                for (int n = 0; n < jp.ami.model.Slots.SLOTS_PER_DAY; n++) {
                    long v = u.slot(i + n);
                    ValueStatus s = Vee.isSet(v) ? Vee.status(v) : ValueStatus.MISSING;
                    long x = u.exportSlot(i + n);
                    boolean export = Vee.isSet(x) && Vee.status(x) != ValueStatus.MISSING;
                    rows.usageSlot(n + 1, statusBytes[ValueStatus.codeIndex(v)], s != ValueStatus.MISSING, Vee.units(v), export, Vee.units(x));
                }
                rows.end();
                w.writeEndElement(); // JPM00014
                w.writeEndElement(); // JPMR00013
                continue;
            }
            for (int n = 0; n < jp.ami.model.Slots.SLOTS_PER_DAY; n++) {
                long v = u.slot(i + n);
                ValueStatus s = Vee.isSet(v) ? Vee.status(v) : ValueStatus.MISSING;
                w.writeStartElement("JPMR00014");
                SlotFileWriter.element(w, "JP06219", Integer.toString(n + 1));
                SlotFileWriter.element(w, "JP06122", codes[ValueStatus.codeIndex(v)]);
                if (s != ValueStatus.MISSING) {
                    kwh(w, "JP06424", Vee.units(v));
                    kwh(w, "JP06425", Vee.units(v));
                }
                long x = u.exportSlot(i + n);
                if (Vee.isSet(x) && Vee.status(x) != ValueStatus.MISSING) {
                    kwh(w, "JP06433", Vee.units(x));
                }
                w.writeEndElement();
            }
            w.writeEndElement(); // JPM00014
            w.writeEndElement(); // JPMR00013
        }
        w.writeEndElement(); // JPM00013
    }

    private void register(XMLStreamWriter w, String tag, long packed) throws XMLStreamException {
        if (DayRegisters.isKnown(packed)) {
            kwh(w, tag, DayRegisters.unitsBetween(0, packed));
        }
    }

    private void kwh(XMLStreamWriter w, String tag, long units) throws XMLStreamException {
        text.setLength(0);
        Kwh.appendTo(text, units);
        w.writeStartElement(tag);
        w.writeCharacters(text.toString());
        w.writeEndElement();
    }
}
