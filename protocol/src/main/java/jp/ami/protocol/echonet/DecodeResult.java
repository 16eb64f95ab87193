package jp.ami.protocol.echonet;

/** Outcome of {@link MeterReadingDecoder#decode}; only {@link #OK} leaves a complete {@link MeterReading}. */
public enum DecodeResult {
    OK,
    /** The frame ends before its header or a property's declared EDT ends, or bytes follow the last property. */
    TRUNCATED,
    /** EHD1/EHD2 are not 0x10 0x81, or SEOJ is not a smart meter (class 0x0288). */
    BAD_HEADER,
    /** ESV is neither INF (0x73) nor Get_Res (0x72). */
    UNSUPPORTED_ESV,
    /** A known property has the wrong PDC, a value out of range, or appears twice. */
    BAD_PROPERTY,
    /** Neither 0xEA nor 0xEB is present, or both are. */
    MISSING_READING,
    /** 0xD7 (effective digits) or 0xE1 (unit) is missing. */
    MISSING_PROPERTY,
    /** The 0xEA/0xEB date-time is not a valid calendar time. */
    BAD_DATETIME,
    /** 0xE1 is not a defined unit code. */
    BAD_UNIT,
    /** The register value is not below 10^digits. */
    REGISTER_OUT_OF_RANGE,
    /** 0xE2 (history) does not have PDC 194 (day u16 + 48 × u32), or appears twice. */
    BAD_HISTORY_LENGTH,
    /** The 0xE2 day is over 99 days ago. */
    BAD_HISTORY_DAY
}
