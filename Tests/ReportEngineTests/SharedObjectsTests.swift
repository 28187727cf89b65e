import Dispatch
import Foundation
import Synchronization
import Testing

@testable import ReportEngine

@Suite struct SharedObjectsTests {
    final class Thing: Sendable {
        let serial: Int
        init(_ serial: Int) { self.serial = serial }
    }

    struct Refused: Error {}

    @Test func stepsAskingAtOnceGetOneObject() {
        let shared = SharedObjects()
        let got = Mutex([Thing]())
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let thing = shared.object("network") { () -> Thing in
                Thread.sleep(forTimeInterval: 0.05)
                return Thing(shared.made)
            }
            got.withLock { $0.append(thing) }
        }
        let things = got.withLock { $0 }
        #expect(things.count == 8)
        #expect(things.allSatisfy { $0 === things[0] })
        #expect(shared.made == 1)
    }

    @Test func anObjectNoOneHoldsIsFreedAndMadeAgain() {
        let shared = SharedObjects()
        weak var first: Thing?
        do {
            let held = shared.object("network") { Thing(1) }
            first = held
            #expect(shared.object("network") { Thing(2) } === held)
        }
        #expect(first == nil)
        #expect(shared.object("network") { Thing(3) }.serial == 3)
        #expect(shared.made == 2)
    }

    @Test func keysAreApartAndAFailedMakeIsNotKept() throws {
        let shared = SharedObjects()
        let a = shared.object("a") { Thing(1) }
        let b = shared.object("b") { Thing(2) }
        #expect(a !== b)
        #expect(throws: Refused.self) { try shared.object("c") { () throws(Refused) -> Thing in throw Refused() } }
        let c = try shared.object("c") { () throws(Refused) -> Thing in Thing(3) }
        #expect(c.serial == 3)
        #expect(shared.made == 3)
    }
}
