// By-hand round trip against the reference PyTorch code (see README.md here).
using BlockSwap.Engine.Interop;
using BlockSwap.Engine.Networks;
using BlockSwap.Methods.Scoring;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

// make ARCH BLOCKS POLICY SEED OUT.pt | check ARCH BLOCKS POLICY MODEL.pt REF.pt | teacher ARCH REF_TEACHER.pt | torchvision LAYERS CLASSES SIZE MODEL.pt
var mode = args[0];
if (mode == "torchvision")
{
    // torchvision LAYERS CLASSES SIZE MODEL.pt: a torchvision ResNet teacher of the resnetLAYERS student
    var student = Architecture.Parse($"resnet{args[1]}", int.Parse(args[2]), 3, int.Parse(args[3]));
    using var tv = BlockSwap.Methods.Training.TeacherLoader.Load(args[4], student, CPU, args[1] == "18" ? BlockSwap.Methods.Training.TeacherFamily.TorchvisionResNet18 : BlockSwap.Methods.Training.TeacherFamily.TorchvisionResNet34);
    using var s = File.OpenRead(args[4] + ".ref");
    var t = PyTorchUnpickler.UnpickleStateDict(s);
    tv.eval();
    using (no_grad())
    {
        var o = tv.call((Tensor)t["x"]!);
        var logits = (Tensor)t["logits"]!;
        Console.WriteLine($"{tv.Description}: {tv.ParameterCount} params; eval logits max |diff| = {(o.Logits - logits).abs().max().item<float>():E2} (max |logit| {logits.abs().max().item<float>():F3})");
        for (int i = 0; i < 4; i++)
            Console.WriteLine($"  stage {i + 1} {string.Join("×", o.GroupOutputs[i].shape)}: max |diff| = {(o.GroupOutputs[i] - (Tensor)t[$"stage{i}"]!).abs().max().item<float>():E2}");
        BlockSwap.Methods.Training.TrainingStep.CheckTeacherFits(student, tv);
        Console.WriteLine($"  its stages fit the {student.Name} student's group outputs");
    }
    return;
}
var arch = Architecture.Parse(args[1], 10, 3);
if (mode == "teacher")
{
    var net = BlockSwap.Methods.Training.TeacherLoader.Load(args[2], arch, CPU);
    Console.WriteLine($"teacher loaded: {net.Plan.Genotype} {net.CountParameters()} params");
    Compare(net, args[3], fisher: false);
    return;
}
var plan = new NetworkSpec(arch, Genotype.Parse(args[2]), WrapperPolicies.Parse(args[3])).ToPlan();
if (mode == "make")
{
    using var net = new BlockSwapNetwork(plan, long.Parse(args[4]));
    net.train();
    using (no_grad()) for (int i = 0; i < 3; i++) net.call(randn(4, 3, arch.InputSize, arch.InputSize) * 2 + 0.5);
    PyTorchStateDict.Save(net, args[5]);
    Console.WriteLine($"saved {args[5]}: {plan.Parameters} params, {net.state_dict().Count} keys");
}
else
{
    using var net = new BlockSwapNetwork(plan, 999);
    PyTorchStateDict.Load(net, args[4]);
    Compare(net, args[5], fisher: args[3] == "group-first");
}

static void Compare(BlockSwapNetwork net, string refPath, bool fisher)
{
    using var s = File.OpenRead(refPath);
    var t = PyTorchUnpickler.UnpickleStateDict(s);
    var x = (Tensor)t["x"]!; var logits = (Tensor)t["logits"]!;
    net.eval();
    using (no_grad())
    {
        var ours = net.call(x).Logits;
        var d = (ours - logits).abs().max().item<float>();
        Console.WriteLine($"eval logits max |diff| = {d:E2} (max |logit| {logits.abs().max().item<float>():F3})");
    }
    if (!fisher) return;
    var xb = (Tensor)t["xb"]!; var yb = (Tensor)t["yb"]!; var rf = (Tensor)t["fisher"]!;
    var score = new FisherPotential().Score(net, xb, yb);
    var theirs = rf.to(ScalarType.Float64).data<double>().ToArray();
    double worst = 0;
    for (int i = 0; i < theirs.Length; i++) worst = Math.Max(worst, Math.Abs(score.PerBlock![i] - theirs[i]) / Math.Abs(theirs[i]));
    Console.WriteLine($"fisher total ours {score.Value:G10} theirs {theirs.Sum():G10}; per-block max relative diff {worst:E2}");
    // The default scoring arithmetic (channels-last batch, float64 batch-norm sums) on the same weights.
    var fast = new FisherPotential().Score(net, BlockSwap.Foundation.Runtime.MemoryLayouts.In(xb, BlockSwap.Foundation.Runtime.MemoryLayout.ChannelsLast), yb);
    double worstFast = 0;
    for (int i = 0; i < theirs.Length; i++) worstFast = Math.Max(worstFast, Math.Abs(fast.PerBlock![i] - theirs[i]) / Math.Abs(theirs[i]));
    Console.WriteLine($"fisher channels-last total {fast.Value:G10}; per-block max relative diff {worstFast:E2}");
}
