using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.RegularExpressions;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Mixer.Lists;

/// <summary>
/// A list checker's list, built once: exact strings, case-insensitive strings, IP addresses and CIDR ranges, or
/// regexes (RE2 syntax, unanchored search as Mixer's <c>regexp.MatchString</c>, run without backtracking).
/// <see cref="Contains"/> allocates nothing and takes time linear in the value, however long the list.
/// </summary>
public abstract class MixerList
{
    /// <summary>The most entries a list may have (overrides and fetched entries together).</summary>
    public const int MaxEntries = 100_000;

    /// <summary>The most regex entries: they become one automaton, whose size grows with them.</summary>
    public const int MaxRegexEntries = 1_000;

    public abstract int Count { get; }

    /// <summary>Whether the value is on the list; false with <paramref name="error"/> when the value cannot be compared (an IP list and a value that is not an IP).</summary>
    public abstract bool Contains(string value, out string? error);

    /// <summary>Builds a list; every bad entry is reported (up to 10), with its position.</summary>
    public static bool TryBuild(IReadOnlyList<string> entries, ListEntryType type, [NotNullWhen(true)] out MixerList? list, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>();
        list = null;
        if (entries.Count > MaxEntries)
        {
            errors = [$"the list has {entries.Count} entries; the limit is {MaxEntries}"];
            return false;
        }

        list = type switch
        {
            ListEntryType.IpAddresses => IpList.Build(entries, problems),
            ListEntryType.Regex => RegexList.Build(entries, problems),
            ListEntryType.CaseInsensitiveStrings => new StringList(entries, StringComparer.OrdinalIgnoreCase),
            _ => new StringList(entries, StringComparer.Ordinal),
        };
        errors = problems.Take(10).ToArray();
        if (problems.Count > 0)
        {
            list = null;
            return false;
        }

        return true;
    }

    /// <summary>Splits a fetched list: one entry per line, blank lines skipped, surrounding white space trimmed.</summary>
    public static IReadOnlyList<string> SplitLines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    private sealed class StringList(IEnumerable<string> entries, StringComparer comparer) : MixerList
    {
        private readonly FrozenSet<string> _entries = entries.Where(e => e.Length > 0).ToFrozenSet(comparer);

        public override int Count => _entries.Count;

        public override bool Contains(string value, out string? error)
        {
            error = null;
            return _entries.Contains(value);
        }
    }

    private sealed class IpList(IPNetwork[] networks) : MixerList
    {
        public override int Count => networks.Length;

        public static IpList Build(IReadOnlyList<string> entries, List<string> problems)
        {
            var networks = new List<IPNetwork>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                if (TryParse(entries[i], out var network))
                {
                    networks.Add(network);
                }
                else
                {
                    problems.Add($"entry {i} (\"{Truncate(entries[i])}\") is not an IP address or CIDR range");
                }
            }

            return new IpList([.. networks]);
        }

        public override bool Contains(string value, out string? error)
        {
            if (!IPAddress.TryParse(value, out var address))
            {
                error = $"{Truncate(value)} is not a valid IP address";
                return false;
            }

            error = null;
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }

            foreach (var network in networks)
            {
                if (network.Contains(address))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool TryParse(string entry, out IPNetwork network)
        {
            var text = entry.Trim();
            if (IPAddress.TryParse(text, out var single) && !text.Contains('/', StringComparison.Ordinal))
            {
                network = new IPNetwork(single.IsIPv4MappedToIPv6 ? single.MapToIPv4() : single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
                return true;
            }

            return IPNetwork.TryParse(text, out network);
        }
    }

    private sealed class RegexList(Regex? regex, int count) : MixerList
    {
        public override int Count => count;

        public static RegexList Build(IReadOnlyList<string> entries, List<string> problems)
        {
            if (entries.Count > MaxRegexEntries)
            {
                problems.Add($"a REGEX list may have at most {MaxRegexEntries} entries, this one has {entries.Count}");
                return new RegexList(null, 0);
            }

            var patterns = new List<string>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                if (MeshRegex.TryCompileSearch(entries[i], out var single, out var error))
                {
                    patterns.Add(single.ToString());
                }
                else
                {
                    problems.Add($"entry {i}: {error}");
                }
            }

            if (patterns.Count == 0)
            {
                return new RegexList(null, 0);
            }

            var combined = string.Join("|", patterns.Select(p => $"(?:{p})"));
            return new RegexList(new Regex(combined, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant), patterns.Count);
        }

        public override bool Contains(string value, out string? error)
        {
            error = null;
            return regex?.IsMatch(value) ?? false;
        }
    }

    private static string Truncate(string value) => value.Length <= 100 ? value : value[..100] + "...";
}
