using Google.Protobuf;

namespace Saga.Host.Tests.Telemetry;

/// <summary>
/// A protobuf message read field by field with Google.Protobuf's wire reader, without generated types: enough to walk
/// OTLP's messages by their field numbers (opentelemetry-proto, opentelemetry/proto/trace/v1/trace.proto and
/// common/v1/common.proto).
/// </summary>
internal sealed class ProtoMessage
{
    private readonly Dictionary<int, List<object>> fields = [];

    public ProtoMessage(ReadOnlySpan<byte> bytes)
    {
        var input = new CodedInputStream(bytes.ToArray());
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            object value = WireFormat.GetTagWireType(tag) switch
            {
                WireFormat.WireType.Varint => input.ReadUInt64(),
                WireFormat.WireType.Fixed64 => input.ReadFixed64(),
                WireFormat.WireType.Fixed32 => input.ReadFixed32(),
                WireFormat.WireType.LengthDelimited => input.ReadBytes().ToByteArray(),
                var other => throw new InvalidDataException($"wire type {other} is not used by OTLP"),
            };
            var number = WireFormat.GetTagFieldNumber(tag);
            if (!fields.TryGetValue(number, out var list))
                fields[number] = list = [];
            list.Add(value);
        }
    }

    public IEnumerable<ProtoMessage> Messages(int field) => Values(field).Cast<byte[]>().Select(b => new ProtoMessage(b));

    public ProtoMessage? Message(int field) => Messages(field).FirstOrDefault();

    public string? String(int field) => Values(field).Cast<byte[]>().Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault();

    public string? Hex(int field) => Values(field).Cast<byte[]>().Select(Convert.ToHexStringLower).FirstOrDefault();

    public ulong? Number(int field) => Values(field).Select(v => (ulong?)Convert.ToUInt64(v, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    private List<object> Values(int field) => fields.TryGetValue(field, out var list) ? list : [];
}
