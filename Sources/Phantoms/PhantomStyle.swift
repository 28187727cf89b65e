/// How a phantom looks, imitating what the seed report found in each data set.
public enum PhantomStyle: String, Sendable, CaseIterable {
    /// MOST: noisier; a subgroup with horizontal striping, a smaller one blurred.
    case most
    /// OAI: another exposure curve, sharp, little noise.
    case oai
    /// A generator trained on OAI: OAI's look plus a faint high-frequency texture.
    case synthetic
}

/// Variants within a style (the seed found them as separate clusters in MOST).
public enum PhantomSubgroup: String, Sendable {
    case regular, striped, blurred
}
