// One-time verification codes: add() stores a code only while none is pending (a second "send" changes nothing),
// and getAndDelete() hands it out exactly once, even to two requests racing, so a code is never used twice. A
// wrong guess uses the code up too: ask for a new one.
//   ./devportal run examples/scripts/verification-code.jsh [ELEMENT]  (default caches.Default)
import java.security.SecureRandom;

String fullName = args.length > 0 ? args[0] : "caches.Default";
Cache cache = app.getElement(fullName);
SecureRandom random = new SecureRandom();

// True when a new code was stored (and would be sent); false while an earlier one is still pending.
boolean sendCode(String phone, String code) {
    return cache.add("otp:" + phone, code, 300);   // valid for 5 minutes
}

boolean verify(String phone, String typed) {
    String expected = cache.getAndDelete("otp:" + phone);
    return expected != null && expected.equals(typed);
}

String phone = "+86-138-0000-0000";
cache.delete("otp:" + phone);   // start this demo with no pending code
String code = String.format("%06d", random.nextInt(1_000_000));
System.out.println("send: " + sendCode(phone, code));
System.out.println("send again while pending: " + sendCode(phone, "000000"));
System.out.println("verify the code: " + verify(phone, code));
System.out.println("verify the same code again: " + verify(phone, code));
