/// The byte buffer a render writes into: plain memory copies, no per-append bookkeeping
/// beyond a capacity check.
///
/// It starts either in memory it owns or in memory lent by the caller (the storage of
/// the result array, so a render that fits needs no final copy). When lent memory runs
/// out, the bytes move to owned memory and ``spilled`` becomes true.
struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0
    private var ownsMemory: Bool

    init(capacity: Int) {
        self.capacity = max(capacity, 256)
        self.base = .allocate(capacity: self.capacity)
        self.ownsMemory = true
    }

    /// Writes into `buffer` until it is full; the caller keeps `buffer` alive meanwhile.
    init(lending buffer: UnsafeMutableBufferPointer<UInt8>) {
        if let address = buffer.baseAddress, buffer.count > 0 {
            self.base = address
            self.capacity = buffer.count
            self.ownsMemory = false
        } else {
            self.capacity = 256
            self.base = .allocate(capacity: 256)
            self.ownsMemory = true
        }
    }

    deinit {
        if ownsMemory { base.deallocate() }
    }

    /// Whether the bytes no longer fit the lent memory and live in owned memory instead.
    var spilled: Bool { ownsMemory }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        append(source, count: bytes.count)
    }

    @inline(__always)
    mutating func append(_ source: UnsafePointer<UInt8>, count length: Int) {
        if count + length > capacity { grow(to: count + length) }
        (base + count).update(from: source, count: length)
        count += length
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Appends the decimal digits of `value`.
    mutating func append(decimal value: Int) {
        if count + 20 > capacity { grow(to: count + 20) }
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var magnitude = value.magnitude
        let start = count
        repeat {
            base[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            count += 1
            magnitude /= 10
        } while magnitude > 0
        var low = start
        var high = count - 1
        while low < high {
            let swapped = base[low]
            base[low] = base[high]
            base[high] = swapped
            low += 1
            high -= 1
        }
    }

    private mutating func grow(to minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        if ownsMemory { base.deallocate() }
        base = newBase
        capacity = newCapacity
        ownsMemory = true
    }

    func makeArray() -> [UInt8] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }
}
