package jp.ami.protocol.echonet;

/**
 * Constants of the ECHONET Lite frame subset the A-route uses (format 1, "specified message format").
 *
 * <pre>
 * offset 0   EHD1 u8  = 0x10 (ECHONET Lite)
 *        1   EHD2 u8  = 0x81 (format 1)
 *        2   TID  u16 transaction id, big-endian
 *        4   SEOJ 3B  source object: class group, class, instance (meter: 0x02 0x88 0x01)
 *        7   DEOJ 3B  destination object (head-end controller: 0x05 0xFF 0x01)
 *       10   ESV  u8  service (0x73 INF, 0x62 Get, 0x72 Get_Res, 0x52 Get_SNA)
 *       11   OPC  u8  number of properties that follow
 *       12   OPC × { EPC u8 | PDC u8 | EDT [PDC] }
 * </pre>
 */
public final class EchonetLite {
    public static final int EHD1 = 0x10;
    public static final int EHD2 = 0x81;
    /** Bytes before the first property: EHD1, EHD2, TID, SEOJ, DEOJ, ESV, OPC. */
    public static final int HEADER_LENGTH = 12;

    /** Low-voltage smart electric energy meter, class group 0x02, class 0x88, instance 1. */
    public static final int EOJ_METER = 0x028801;
    /** Controller object (class 0x05FF), instance 1: the head-end. */
    public static final int EOJ_CONTROLLER = 0x05FF01;
    /** Class group + class of the smart meter, for matching any instance. */
    public static final int CLASS_METER = 0x0288;

    public static final int ESV_GET_SNA = 0x52;
    public static final int ESV_GET = 0x62;
    public static final int ESV_GET_RES = 0x72;
    public static final int ESV_INF = 0x73;

    /** Coefficient, u32 (absent → 1). */
    public static final int EPC_COEFFICIENT = 0xD3;
    /** Effective digits of the cumulative register, u8. */
    public static final int EPC_EFFECTIVE_DIGITS = 0xD7;
    /** Unit of cumulative energy, u8 (0xE1 codes, see {@link jp.ami.model.EnergyUnit}). */
    public static final int EPC_UNIT = 0xE1;
    /** Fixed-time cumulative energy, normal direction: 11 bytes. */
    public static final int EPC_FIXED_TIME_NORMAL = 0xEA;
    /** Historical cumulative readings (normal direction): day u16 (days ago) + 48 × u32. */
    public static final int EPC_HISTORY = 0xE2;
    /** Day for which the historical data (0xE2) is retrieved, u8 days ago. */
    public static final int EPC_HISTORY_DAY = 0xE5;
    /** Current date setting (super class): year u16 | month | day. */
    public static final int EPC_CURRENT_DATE = 0x98;
    /** PDC of 0xE2: 2 + 48 × 4. */
    public static final int HISTORY_LENGTH = 2 + 48 * 4;
    /** 0xE2 value meaning "no data" for that half hour. */
    public static final long HISTORY_NO_DATA = 0xFFFF_FFFEL;
    /** Largest 0xE2 day (days ago). */
    public static final int HISTORY_MAX_DAY = 99;
    /** Fixed-time cumulative energy, reverse direction: 11 bytes. */
    public static final int EPC_FIXED_TIME_REVERSE = 0xEB;

    /** EDT length of 0xEA/0xEB: year u16, month, day, hour, minute, second, value u32. */
    public static final int FIXED_TIME_LENGTH = 11;

    /** Length of the 30-minute INF frame with all four properties (EA/EB, D3, D7, E1). */
    public static final int READING_FRAME_LENGTH = HEADER_LENGTH + (2 + FIXED_TIME_LENGTH) + (2 + 4) + (2 + 1) + (2 + 1);

    private EchonetLite() {
    }
}
