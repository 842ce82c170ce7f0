// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "awards",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "awards", targets: ["awards"]),
        .executable(name: "awardsd", targets: ["awardsd"]),
        .library(name: "Postgres", targets: ["Postgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        // FilePath and FileDescriptor, as Subprocess takes them.
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
    ],
    targets: [
        // C libraries from Debian, found through pkg-config.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),

        // A small PostgreSQL client on libpq: connections, typed values, transactions, LISTEN/NOTIFY, COPY.
        .target(name: "Postgres", dependencies: ["CLibPQ"]),

        // Pure domain logic: no I/O. Workflow, calendar, award rules, text.
        .target(name: "AwardsCore", dependencies: [.product(name: "Yams", package: "Yams")]),

        // Everything that speaks SQL: migrations, the embedded cluster, queries.
        .target(name: "AwardsStore", dependencies: [
            "Postgres", "AwardsCore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),

        // Rendering and delivering e-mail: SMTP through libcurl, or a folder of .eml files.
        .target(name: "AwardsMail", dependencies: [
            "CCurl", "AwardsCore",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),

        // Proposal sheets (danh sách đề nghị khen thưởng): reading .xlsx and .csv, writing the blank template.
        .target(name: "AwardsSheets", dependencies: [
            "AwardsCore", "CXLSXWriter",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "CSV", package: "CSV.swift"),
        ]),

        // Use cases shared by the CLI and the daemon, and the settings they read.
        .target(name: "AwardsEngine", dependencies: [
            "AwardsCore", "AwardsStore", "AwardsMail", "AwardsSheets", "Postgres",
            .product(name: "Configuration", package: "swift-configuration"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(name: "awards", dependencies: [
            "AwardsEngine", "AwardsCore", "AwardsStore", "AwardsSheets", "Postgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "awardsd", dependencies: [
            "AwardsEngine", "Postgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Benchmarks against raw PostgreSQL in the same run (scripts/bench); never part of `swift test`.
        .executableTarget(name: "awards-bench", dependencies: [
            "AwardsEngine", "AwardsCore", "AwardsStore", "Postgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),

        // Throwaway databases on the test server that the test command starts.
        .target(name: "AwardsTestSupport", dependencies: [
            "Postgres", "AwardsStore", "AwardsCore",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
        ], path: "Tests/AwardsTestSupport"),

        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "AwardsTestSupport"]),
        .testTarget(name: "AwardsCoreTests", dependencies: ["AwardsCore"]),
        .testTarget(name: "AwardsStoreTests", dependencies: ["AwardsStore", "AwardsEngine", "Postgres", "AwardsTestSupport"]),
        .testTarget(name: "AwardsSheetsTests", dependencies: ["AwardsSheets", "AwardsCore"]),
        .testTarget(name: "AwardsMailTests", dependencies: ["AwardsMail", "AwardsTestSupport", "Postgres"]),
        // Runs the built `awards` and `awardsd` programs as a user would.
        .testTarget(name: "AwardsCLITests", dependencies: ["AwardsCore", "AwardsTestSupport", "Postgres"]),
    ],
    swiftLanguageModes: [.v6]
)
