#include "evsim/integrity/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <map>
#include <memory>

#include "evsim/records/assert.h"

namespace evsim::crypto {
namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
struct MacContextDeleter {
  void operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }
};
using PkeyPointer = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdContextPointer = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;
using MacContextPointer = std::unique_ptr<EVP_MAC_CTX, MacContextDeleter>;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

// OpenSSL objects made from key bytes once per thread and kept (an Ed25519 key from its seed is
// a scalar multiplication; an HMAC key schedule is two hash blocks), which dominated signing,
// verifying and MACing when redone per event. Keys come from configuration, so there are few;
// the bound only keeps a test that invents keys from growing a cache. Results never depend on
// it. A returned object is valid until the next Get on the same cache.
template <typename Pointer>
class KeyCache {
 public:
  template <typename Make>
  typename Pointer::pointer Get(std::string_view key_bytes, Make make) {
    auto found = objects_.find(key_bytes);
    if (found != objects_.end()) return found->second.get();
    Pointer made = make();
    if (made == nullptr) return nullptr;
    if (objects_.size() >= kKeysMax) objects_.clear();
    return objects_.emplace(std::string(key_bytes), std::move(made)).first->second.get();
  }

 private:
  static constexpr std::size_t kKeysMax = 64;
  std::map<std::string, Pointer, std::less<>> objects_;
};

EVP_PKEY* PrivateKey(std::string_view seed) {
  EVSIM_ASSERT(seed.size() == 32);
  thread_local KeyCache<PkeyPointer> cache;
  EVP_PKEY* key = cache.Get(seed, [&] {
    return PkeyPointer(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, Bytes(seed), seed.size()));
  });
  EVSIM_ASSERT_MSG(key != nullptr, "OpenSSL refused a 32-byte Ed25519 private key");
  return key;
}

// nullptr when the bytes are not an Ed25519 public key.
EVP_PKEY* PublicKey(std::string_view public_key) {
  thread_local KeyCache<PkeyPointer> cache;
  return cache.Get(public_key, [&] {
    return PkeyPointer(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, Bytes(public_key),
                                                   public_key.size()));
  });
}

// Fetched once: EVP_MAC_fetch is a provider lookup and would dominate small MACs.
EVP_MAC* HmacAlgorithm() {
  static EVP_MAC* algorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVSIM_ASSERT(algorithm != nullptr);
  return algorithm;
}

// OpenSSL 3 looks up an algorithm's implementation on every call unless it is fetched once;
// for 300-byte inputs the lookup costs as much as the hash. These caches are per thread and
// hold no secret beyond what the caller passes in; results do not depend on them.
const EVP_MD* Sha256Algorithm() {
  thread_local EVP_MD* algorithm = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  EVSIM_ASSERT(algorithm != nullptr);
  return algorithm;
}

// An HMAC context already keyed with `key`: re-initialising it with a null key reuses the key
// schedule instead of recomputing it per message.
EVP_MAC_CTX* KeyedHmac(std::string_view key) {
  thread_local KeyCache<MacContextPointer> cache;
  return cache.Get(key, [&] {
    MacContextPointer context(EVP_MAC_CTX_new(HmacAlgorithm()));
    EVSIM_ASSERT(context != nullptr);
    char digest_name[] = "SHA256";
    OSSL_PARAM parameters[] = {OSSL_PARAM_construct_utf8_string("digest", digest_name, 0),
                               OSSL_PARAM_construct_end()};
    EVSIM_ASSERT(EVP_MAC_init(context.get(), Bytes(key), key.size(), parameters) == 1);
    return context;
  });
}

}  // namespace

Hash32 Sha256(std::initializer_list<std::string_view> parts) {
  // One context per thread, re-initialised per digest: EVP_Digest would allocate one per call.
  thread_local MdContextPointer context(EVP_MD_CTX_new());
  EVSIM_ASSERT(context != nullptr);
  Hash32 digest{};
  unsigned int length = 0;
  bool ok = EVP_DigestInit_ex(context.get(), Sha256Algorithm(), nullptr) == 1;
  for (std::string_view part : parts) {
    ok = ok && EVP_DigestUpdate(context.get(), part.data(), part.size()) == 1;
  }
  ok = ok && EVP_DigestFinal_ex(context.get(), digest.data(), &length) == 1;
  EVSIM_ASSERT(ok && length == digest.size());
  return digest;
}

Hash32 HmacSha256(std::string_view key, std::initializer_list<std::string_view> parts) {
  EVSIM_ASSERT(key.size() == 32);
  EVP_MAC_CTX* context = KeyedHmac(key);
  Hash32 mac{};
  std::size_t length = 0;
  bool ok = EVP_MAC_init(context, nullptr, 0, nullptr) == 1;
  for (std::string_view part : parts) {
    ok = ok && EVP_MAC_update(context, Bytes(part), part.size()) == 1;
  }
  ok = ok && EVP_MAC_final(context, mac.data(), &length, mac.size()) == 1;
  EVSIM_ASSERT(ok && length == mac.size());
  return mac;
}

std::string Ed25519PublicKey(std::string_view seed) {
  EVP_PKEY* key = PrivateKey(seed);
  std::string public_key(32, '\0');
  std::size_t length = public_key.size();
  EVSIM_ASSERT(EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(public_key.data()),
                                           &length) == 1);
  EVSIM_ASSERT(length == 32);
  return public_key;
}

std::string Ed25519Sign(std::string_view seed, std::string_view message) {
  EVP_PKEY* key = PrivateKey(seed);
  MdContextPointer context(EVP_MD_CTX_new());
  EVSIM_ASSERT(context != nullptr);
  std::string signature(64, '\0');
  std::size_t length = signature.size();
  // Ed25519 is a one-shot scheme: no digest is named, the message is signed whole.
  EVSIM_ASSERT(EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key) == 1);
  EVSIM_ASSERT(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()),
                              &length, Bytes(message), message.size()) == 1);
  EVSIM_ASSERT(length == 64);
  return signature;
}

bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature) {
  if (public_key.size() != 32 || signature.size() != 64) return false;
  EVP_PKEY* key = PublicKey(public_key);
  if (key == nullptr) return false;
  MdContextPointer context(EVP_MD_CTX_new());
  EVSIM_ASSERT(context != nullptr);
  if (EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key) != 1) {
    return false;
  }
  return EVP_DigestVerify(context.get(), Bytes(signature), signature.size(), Bytes(message),
                          message.size()) == 1;
}

bool ConstantTimeEqual(const Hash32& left, const Hash32& right) {
  return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0F]);
  }
  return hex;
}

std::string ToHex(const Hash32& hash) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

bool FromHex(std::string_view hex, std::string& bytes_out) {
  auto nibble = [](char digit) -> int {
    if (digit >= '0' && digit <= '9') return digit - '0';
    if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
    if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return false;
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t index = 0; index < hex.size(); index += 2) {
    const int high = nibble(hex[index]);
    const int low = nibble(hex[index + 1]);
    if (high < 0 || low < 0) return false;
    bytes.push_back(static_cast<char>(high << 4 | low));
  }
  bytes_out = std::move(bytes);
  return true;
}

}  // namespace evsim::crypto
